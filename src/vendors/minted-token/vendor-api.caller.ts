import type { MintedTokenClientOptions } from './minted-token-client.options.js';
import { VendorsException, VendorsExceptionCode, withLoggedDetail } from '../../vendors/vendors.exception.js';
import { RefusedVendorAddress } from './vendor-fetch.js';

/** One HTTP request to a vendor's API, sent again as is on each retry. */
export interface VendorRequest {
  url: URL;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** The vendor's answer to one attempt; retryable ones (408, 429, 5xx) never reach the interpreter. */
export interface VendorAnswer {
  status: number;
  body: string;
}

type AttemptOutcome<T> = { value: T } | { retryReason: string; retryAfterMs?: number };

/**
 * Sends a request to a vendor's API within a time budget: each attempt has a timeout; timeouts,
 * network errors, 408, 429 and 5xx are retried after the vendor's Retry-After or an exponential
 * backoff with jitter; whatever else it answers goes to `interpret`, which returns the value or
 * throws the error retrying cannot fix. Out of attempts or time: a 503 carrying the vendor's Retry-After.
 */
export class VendorApiCaller {
  constructor(
    private readonly vendor: string,
    private readonly http: typeof fetch,
    private readonly options: MintedTokenClientOptions,
  ) {}

  async call<T>(request: VendorRequest, interpret: (answer: VendorAnswer) => T): Promise<T> {
    const { now } = this.options;
    const deadline = now() + this.options.totalBudgetMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, interpret, Math.max(1, Math.min(this.options.timeoutMs, deadline - now())));
      if ('value' in outcome) return outcome.value;
      const wait = outcome.retryAfterMs ?? this.backoff(attempt);
      if (attempt >= this.options.maxAttempts || now() + wait >= deadline) {
        const retryAfterSeconds = outcome.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
        throw new VendorsException(
          VendorsExceptionCode.Unavailable,
          `${this.vendor} did not mint an identity token (${attempt} attempt(s), last: ${outcome.retryReason}); try again shortly.`,
          retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
        );
      }
      await this.options.sleep(wait);
    }
  }

  private async attempt<T>(request: VendorRequest, interpret: (answer: VendorAnswer) => T, timeoutMs: number): Promise<AttemptOutcome<T>> {
    let response: Response;
    let body: string;
    try {
      response = await this.http(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
        // A redirect would carry the user's identity to a host nobody allowed.
        redirect: 'manual',
      });
      body = await response.text();
    } catch (error) {
      if (error instanceof RefusedVendorAddress) {
        const refused = new VendorsException(VendorsExceptionCode.Unavailable, `${this.vendor}'s API is not at an address chat-identity may call: check settings.baseUrl.`);
        throw withLoggedDetail(refused, error.message);
      }
      // By name, not instanceof: fetch's DOMException may come from another realm.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { retryReason: timedOut ? `no answer within ${timeoutMs} ms` : 'network error' };
    }
    const { status } = response;
    if (status === 408 || status === 429 || status >= 500) {
      return { retryReason: `HTTP ${status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.options.now()) };
    }
    return { value: interpret({ status, body }) };
  }

  private backoff(attempt: number): number {
    return this.options.backoffBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
  }
}

/** Retry-After as delay-seconds or an HTTP date. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A vendor's JSON answer, or undefined when it is not JSON. */
export function parseVendorJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
