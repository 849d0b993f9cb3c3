import { DEFAULT_MINTED_TOKEN_CLIENT_OPTIONS, type MintedTokenClientOptions } from './minted-token-client.options.js';
import { type MintedIdentityToken, MintedTokenCache, type MintScope } from './minted-token.cache.js';
import { type VendorAnswer, VendorApiCaller, type VendorRequest } from './vendor-api.caller.js';

/** One vendor API call that mints a token: whose it is, how to ask, how to read the answer. */
export interface MintCall {
  scope: MintScope;
  request: () => VendorRequest;
  interpret: (answer: VendorAnswer) => MintedIdentityToken;
}

/**
 * What vendors that mint identity tokens through their own API (Gladly, HubSpot) share: per-user
 * caching until shortly before expiry, one call for concurrent first requests, retries with backoff
 * on 429 and outages, and forgetting on user erasure and secret rotation. Each vendor only says, in a
 * MintCall, how to ask and how to read the answer.
 */
export class MintedTokenClient {
  private readonly cache: MintedTokenCache;
  private readonly caller: VendorApiCaller;

  constructor(vendor: string, http: typeof fetch, options: Partial<MintedTokenClientOptions> = {}) {
    const settled = { ...DEFAULT_MINTED_TOKEN_CLIENT_OPTIONS, ...options };
    this.cache = new MintedTokenCache(settled.refreshMarginSeconds, settled.maxCachedTokens, settled.now);
    this.caller = new VendorApiCaller(vendor, http, settled);
  }

  /** The cached token of the call's scope, else one upstream call shared by concurrent callers. */
  mint({ scope, request, interpret }: MintCall): Promise<MintedIdentityToken> {
    return this.cache.get(scope, async () => this.caller.call(request(), interpret));
  }

  forgetUser(userId: string): void {
    this.cache.forgetUser(userId);
  }

  forgetIntegration(integrationId: string): void {
    this.cache.forgetIntegration(integrationId);
  }
}
