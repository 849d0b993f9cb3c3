import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt } from 'jose';
import { ChatIdentityError, ChatIdentityErrorCode, vendorRuleViolated } from '../../common/chat-identity.error.js';

export type GladlyIdentityType = 'EMAIL' | 'MOBILE_PHONE_NUMBER';

/** How hard the client tries before answering 503; tune it by providing `GLADLY_IDENTITY_CLIENT_OPTIONS`. */
export interface GladlyIdentityClientOptions {
  /** Time allowed to one HTTP attempt. @default 5000 */
  timeoutMs: number;
  /** Attempts per mint, the first included. @default 3 */
  maxAttempts: number;
  /** First wait when Gladly sends no Retry-After; doubled at each retry, with jitter. @default 250 */
  backoffBaseMs: number;
  /** Cap on one mint, waits included: an end user is waiting for the widget. @default 10000 */
  totalBudgetMs: number;
  /** A cached token is minted anew this long before it expires. @default 60 */
  refreshMarginSeconds: number;
  /** @default 10000 */
  maxCachedTokens: number;
}

export const GLADLY_IDENTITY_CLIENT_OPTIONS = Symbol('GLADLY_IDENTITY_CLIENT_OPTIONS');

const DEFAULT_OPTIONS: GladlyIdentityClientOptions = {
  timeoutMs: 5000,
  maxAttempts: 3,
  backoffBaseMs: 250,
  totalBudgetMs: 10_000,
  refreshMarginSeconds: 60,
  maxCachedTokens: 10_000,
};

export const GLADLY_IDENTITY_PATH = '/api/v1/user-identity-jwt';

export interface GladlyMintRequest {
  baseUrl: string;
  apiUser: string;
  apiToken: string;
  identityType: GladlyIdentityType;
  identity: string;
  /** Lifetime assumed when the minted token carries no readable `exp`. */
  fallbackTtlSeconds: number;
  /** Cache scope: another integration or secret version never reuses a token; `forgetUser` finds it by user. */
  integrationId: string;
  secretVersion: number;
  userId: string;
}

export interface MintedIdentityToken {
  token: string;
  expiresAt: Date;
}

interface CachedToken {
  userId: string;
  minted: MintedIdentityToken;
  refreshAt: number;
}

interface InFlightMint {
  userId: string;
  promise: Promise<MintedIdentityToken>;
}

type AttemptOutcome = { token: string } | { retryReason: string; retryAfterMs?: number };

/**
 * Gladly's User Identity API (`POST /api/v1/user-identity-jwt`) behind a per-user token cache and
 * request coalescing, because the organization's whole API budget is 10 requests/second.
 */
export class GladlyIdentityClient {
  private readonly options: GladlyIdentityClientOptions;
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, InFlightMint>();

  constructor(
    private readonly http: typeof fetch,
    options: Partial<GladlyIdentityClientOptions> = {},
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** A cached token while it has more than the margin left, else one upstream call shared by concurrent callers. */
  mint(request: GladlyMintRequest): Promise<MintedIdentityToken> {
    const key = JSON.stringify([request.integrationId, request.secretVersion, request.baseUrl, request.apiUser, request.userId, request.identityType, request.identity]);
    const cached = this.cache.get(key);
    if (cached && cached.refreshAt > Date.now()) return Promise.resolve(cached.minted);
    this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending.promise;
    const promise = this.mintWithRetries(request)
      .then((minted) => {
        // Not cached if forgetUser ran meanwhile: an erased user's token must not come back.
        if (this.inFlight.get(key)?.promise === promise) this.remember(key, request.userId, minted);
        return minted;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { userId: request.userId, promise });
    return promise;
  }

  forgetUser(userId: string): void {
    for (const [key, entry] of this.cache) if (entry.userId === userId) this.cache.delete(key);
    for (const [key, entry] of this.inFlight) if (entry.userId === userId) this.inFlight.delete(key);
  }

  private remember(key: string, userId: string, minted: MintedIdentityToken): void {
    const refreshAt = minted.expiresAt.getTime() - this.options.refreshMarginSeconds * 1000;
    if (refreshAt <= Date.now()) return;
    if (this.cache.size >= this.options.maxCachedTokens) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, { userId, minted, refreshAt });
  }

  private async mintWithRetries(request: GladlyMintRequest): Promise<MintedIdentityToken> {
    const deadline = Date.now() + this.options.totalBudgetMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, Math.max(1, Math.min(this.options.timeoutMs, deadline - Date.now())));
      if ('token' in outcome) return { token: outcome.token, expiresAt: expiryOf(outcome.token, request.fallbackTtlSeconds) };
      const wait = outcome.retryAfterMs ?? this.backoff(attempt);
      if (attempt >= this.options.maxAttempts || Date.now() + wait >= deadline) {
        const retryAfterSeconds = outcome.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
        throw new ChatIdentityError(
          ChatIdentityErrorCode.VendorUnavailable,
          `Gladly did not mint an identity token (${attempt} attempt(s), last: ${outcome.retryReason}); try again shortly.`,
          retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
        );
      }
      await sleep(wait);
    }
  }

  /** One HTTP exchange: a token, a retryable failure, or a thrown error that retrying cannot fix. */
  private async attempt(request: GladlyMintRequest, timeoutMs: number): Promise<AttemptOutcome> {
    let response: Response;
    let text: string;
    try {
      response = await this.http(new URL(GLADLY_IDENTITY_PATH, request.baseUrl), {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${request.apiUser}:${request.apiToken}`, 'utf8').toString('base64')}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ identityType: request.identityType, identity: request.identity }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // By name, not instanceof: fetch's DOMException may come from another realm.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { retryReason: timedOut ? `no answer within ${timeoutMs} ms` : 'network error' };
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { token: tokenOf(text) };
    if (status === 400) throw vendorRuleViolated(`Gladly refused the identity (HTTP 400): ${errorDetails(text)}`);
    if (status === 401 || status === 403) {
      throw new ChatIdentityError(
        ChatIdentityErrorCode.VendorRejectedCredentials,
        `Gladly rejected the credentials (HTTP ${status}): check settings.apiUser and the integration's API token.`,
      );
    }
    if (status === 408 || status === 429 || status >= 500) {
      return { retryReason: `HTTP ${status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    }
    throw new ChatIdentityError(
      ChatIdentityErrorCode.VendorUnavailable,
      `Gladly answered HTTP ${status} to the User Identity request: check settings.baseUrl.`,
    );
  }

  private backoff(attempt: number): number {
    return this.options.backoffBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
  }
}

function tokenOf(text: string): string {
  const token = (parseJson(text) as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token !== '') return token;
  throw new ChatIdentityError(ChatIdentityErrorCode.VendorUnavailable, 'Gladly answered the User Identity request without a token.');
}

/** Gladly's token format is not documented: a JWT's `exp` is used when readable, else the fallback. */
function expiryOf(token: string, fallbackTtlSeconds: number): Date {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return new Date(exp * 1000);
  } catch {
    // Not a JWT: fall through to the configured lifetime.
  }
  return new Date(Date.now() + fallbackTtlSeconds * 1000);
}

/** The `detail` (else `code`) of each entry of Gladly's `{ errors: [{ attr, code, detail }] }`. */
function errorDetails(text: string): string {
  const errors = (parseJson(text) as { errors?: unknown } | undefined)?.errors;
  const details = (Array.isArray(errors) ? errors : [])
    .map((error: { attr?: unknown; code?: unknown; detail?: unknown }) => {
      const what = typeof error?.detail === 'string' ? error.detail : typeof error?.code === 'string' ? error.code : undefined;
      return what && typeof error.attr === 'string' ? `${error.attr}: ${what}` : what;
    })
    .filter((detail): detail is string => detail !== undefined);
  return details.length > 0 ? details.join('; ').slice(0, 500) : 'no details given';
}

/** Retry-After as delay-seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
