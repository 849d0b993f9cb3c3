import type { ChatIdentityModuleOptions } from '../../chat-identity.options.js';
import { validationFailed } from '../../common/chat-identity.error.js';
import type { ChatIdentityMetrics } from '../../metrics/chat-identity-metrics.js';
import { type VendorApiHosts, VendorHostPolicy } from '../vendor-base-url.js';
import type { InspectionFinding, MintedToken } from '../vendor-strategy.js';
import type { MintedTokenClientOptions } from './minted-token-client.options.js';
import { MintedTokenClient } from './minted-token.client.js';
import { vendorFetch } from './vendor-fetch.js';

/**
 * What every strategy whose tokens the vendor's API mints (Gladly, HubSpot) shares: the minted-token
 * client, forgetting on erasure and rotation, and the findings the inspector can make on a token it
 * cannot verify.
 */
export abstract class VendorMintedStrategy {
  protected readonly tokens: MintedTokenClient;

  private readonly vendorName: string;
  private readonly apiHosts: VendorHostPolicy;

  /**
   * Calls go to the vendor's documented hosts or the allow-listed ones (module option `vendorHostAllowlist`),
   * through `options.fetch` or else a client that reaches public addresses only. `metrics`, when the
   * host has them, counts every call to the vendor's API (and its 429s) under the vendor's id.
   */
  protected constructor(
    vendor: { id: string; name: string },
    apiHosts: VendorApiHosts,
    options: ChatIdentityModuleOptions,
    clientOptions?: Partial<MintedTokenClientOptions>,
    metrics?: ChatIdentityMetrics,
  ) {
    this.vendorName = vendor.name;
    this.apiHosts = new VendorHostPolicy(apiHosts.documented, apiHosts.hosts, options.vendorHostAllowlist);
    const http = options.fetch ?? vendorFetch(this.apiHosts);
    this.tokens = new MintedTokenClient(vendor.name, metrics ? metrics.countingFetch(vendor.id, http) : http, clientOptions);
  }

  /** Refuses (400, `settings.baseUrl`) a base URL outside the vendor's documented and allow-listed hosts. */
  protected checkBaseUrl(baseUrl: string | undefined): void {
    const problem = baseUrl === undefined ? undefined : this.apiHosts.problem(baseUrl);
    if (problem) throw validationFailed('The integration settings are invalid.', [{ field: 'settings.baseUrl', message: `baseUrl ${problem}` }]);
  }

  forgetUser(userId: string): void {
    this.tokens.forgetUser(userId);
  }

  forgetIntegration(integrationId: string): void {
    this.tokens.forgetIntegration(integrationId);
  }

  /** That only the vendor can verify the token, and whether its `exp` has passed (`withoutExp` when it carries none). */
  protected mintedTokenFindings(token: MintedToken, withoutExp: InspectionFinding): InspectionFinding[] {
    const vendor = this.vendorName;
    const minted: InspectionFinding = {
      rule: `minted-by-${vendor.toLowerCase()}`,
      ok: true,
      message: `${vendor} identity tokens are minted by ${vendor}; chat-identity cannot verify their signature, only ${vendor}'s widget can.`,
    };
    const exp = token.jwt?.claims.exp;
    if (typeof exp !== 'number') return [minted, withoutExp];
    const until = new Date(exp * 1000).toISOString();
    return exp * 1000 <= Date.now()
      ? [minted, { rule: 'not-expired', ok: false, message: `The token expired at ${until}; request a new one.` }]
      : [minted, { rule: 'not-expired', ok: true, message: `The token is valid until ${until}.` }];
  }
}
