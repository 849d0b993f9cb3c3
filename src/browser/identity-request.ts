// Fetching a widget identity from chat-identity: one request, and the retry loop around it. Every wait
// and request ends at once when the session's signal aborts (a detach), and nothing is reported after it.
import type { AttachOptions, ChatIdentityFailure, WidgetIdentity } from './chat-identity.types.js';

interface IdentityRequest extends Pick<AttachOptions, 'endpoint' | 'integration' | 'getAccessToken'> {
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** The session's: aborted at detach. */
  signal: AbortSignal;
  /** Told each failure, never after the signal aborted. */
  report(failure: ChatIdentityFailure): void;
}

type Outcome =
  | { identity: WidgetIdentity }
  | { failure: Omit<ChatIdentityFailure, 'integration' | 'retrying' | 'retryInMs' | 'attempt'>; retryable: boolean; retryAfterMs?: number }
  | { aborted: true };

/** The identity; retried with backoff while the failure may pass. Undefined: gave up, or aborted. */
export async function fetchIdentityWithRetry(request: IdentityRequest): Promise<WidgetIdentity | undefined> {
  for (let attempt = 1; !request.signal.aborted; attempt++) {
    const outcome = await fetchIdentityOnce(request);
    if ('aborted' in outcome || request.signal.aborted) return undefined;
    if ('identity' in outcome) return outcome.identity;
    // A 401 may be an access token that expired on the way: getAccessToken is asked again at once, once.
    const retrying = outcome.retryable || (outcome.failure.status === 401 && attempt === 1);
    const retryInMs = retrying ? (outcome.retryable ? backoff(request, attempt, outcome.retryAfterMs) : 0) : undefined;
    request.report({ ...outcome.failure, integration: request.integration, retrying, retryInMs, attempt });
    if (!retrying) return undefined;
    await sleepUnlessAborted(retryInMs ?? 0, request.signal);
  }
  return undefined;
}

async function fetchIdentityOnce({ endpoint, integration, getAccessToken, signal }: IdentityRequest): Promise<Outcome> {
  let accessToken: string | null | undefined;
  try {
    accessToken = await getAccessToken();
  } catch (error) {
    return { failure: { kind: 'unauthenticated', message: `getAccessToken failed: ${describe(error)}` }, retryable: false };
  }
  if (signal.aborted) return { aborted: true };
  if (!accessToken) return { failure: { kind: 'unauthenticated', message: 'getAccessToken gave no token: nobody is signed in.' }, retryable: false };
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${endpoint.replace(/\/+$/, '')}/v1/identity/${encodeURIComponent(integration)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
    body = await response.json().catch(() => undefined);
  } catch (error) {
    if (signal.aborted) return { aborted: true };
    return { failure: { kind: 'network', message: `chat-identity did not answer: ${describe(error)}` }, retryable: true };
  }
  if (signal.aborted) return { aborted: true };
  const requestId = response.headers.get('x-request-id') ?? undefined;
  if (response.ok && isWidgetIdentity(body)) return { identity: body };
  const status = response.status;
  const detail = isProblem(body) ? body.detail : `HTTP ${status}`;
  return {
    failure: { kind: 'http', status, message: response.ok ? 'chat-identity answered something that is not a widget identity.' : detail, requestId },
    retryable: response.ok || status === 408 || status === 429 || status >= 500,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  };
}

function backoff({ retryDelayMs, maxRetryDelayMs }: IdentityRequest, attempt: number, retryAfter?: number): number {
  const exponential = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (attempt - 1));
  // Jitter spreads the retries of many pages after one outage.
  const jittered = exponential * (0.5 + Math.random() / 2);
  return Math.max(jittered, retryAfter ?? 0);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function isWidgetIdentity(body: unknown): body is WidgetIdentity {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Record<string, unknown>;
  return (
    typeof candidate.vendor === 'string' &&
    typeof candidate.userId === 'string' &&
    (candidate.expiresAt === null || typeof candidate.expiresAt === 'string') &&
    typeof candidate.handoff === 'object' &&
    candidate.handoff !== null
  );
}

function isProblem(body: unknown): body is { detail: string } {
  return typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string';
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Vendors' login errors are often plain objects with a message (Zendesk's LoginFailedError).
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
