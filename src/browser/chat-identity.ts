// chat-identity for the browser: fetches the signed-in user's widget identity from chat-identity and
// runs the vendor's whole lifecycle with it (hand-off, refresh before expiry, logout, user switch).
// ESM, no dependencies; nothing is kept in localStorage, sessionStorage or cookies: the identity lives
// in this module's memory only, and is dropped at detach.
import { type Handoffs, isKnownVendor, VENDOR_WIDGETS, type Vendor, type VendorWidget, type VendorWindow } from './vendor-widgets.js';

export type { Handoffs, Vendor } from './vendor-widgets.js';

/** The answer of `POST /v1/identity/{integration}`, by vendor. */
export type WidgetIdentity = {
  [V in Vendor]: {
    integration: string;
    vendor: V;
    userId: string;
    /** When the credential expires; null when it never does (hash vendors). */
    expiresAt: string | null;
    handoff: Handoffs[V];
    /** The vendor's documented logout call, for people reading the answer. */
    logout?: { call: string };
  };
}[Vendor];

export interface AttachOptions {
  /** Where chat-identity answers, with any mount prefix: `https://chat.example.com`, `https://app.example.com/chat`. */
  endpoint: string;
  /** The integration's slug, e.g. `glassix-support`. */
  integration: string;
  /** The signed-in user's access token from your identity provider; asked again before every request. */
  getAccessToken: () => string | null | undefined | Promise<string | null | undefined>;
  /** Told about every failure (the library retries by itself what may succeed later). */
  onError?: (failure: ChatIdentityFailure) => void;
  /** First retry delay; it doubles up to `maxRetryDelayMs`, and is never shorter than the server's Retry-After. @default 1000 */
  retryDelayMs?: number;
  /** @default 60000 */
  maxRetryDelayMs?: number;
  /** The page's own settings of the vendor's widget, merged into its call (Front: `{ chatId }`). @default {} */
  widgetOptions?: Record<string, unknown>;
  /** How long to wait for the vendor's snippet to define its global before reporting it (and waiting on). @default 10000 */
  widgetTimeoutMs?: number;
}

export interface ChatIdentityFailure {
  integration: string;
  /**
   * `http`: chat-identity answered an error; `network`: it did not answer; `unauthenticated`:
   * getAccessToken gave no token; `unsupported-vendor`: this library cannot hand off to that vendor;
   * `widget`: the vendor's widget is missing, threw, or refused the credential.
   */
  kind: 'http' | 'network' | 'unauthenticated' | 'unsupported-vendor' | 'widget';
  /** The HTTP status, for `http`. */
  status?: number;
  /** What went wrong: the problem's detail, or the library's own words. */
  message: string;
  /** The server's x-request-id, to find the request in its log. */
  requestId?: string;
  /** True when the library tries again by itself, in `retryInMs`. */
  retrying: boolean;
  retryInMs?: number;
  /** 1 for the first try of a fetch. */
  attempt: number;
}

export type SessionState = 'attaching' | 'attached' | 'failed' | 'detached';

/** One integration's widget, attached for the signed-in user. */
export interface ChatIdentitySession {
  readonly integration: string;
  readonly state: SessionState;
  /** Of the identity the widget holds; undefined before the first hand-off and after detach. */
  readonly vendor: Vendor | undefined;
  readonly userId: string | undefined;
  readonly expiresAt: Date | null | undefined;
  /** Fetches a new credential and hands it over now. Never rejects. */
  refresh(): Promise<void>;
  /** Runs the vendor's logout and forgets the user. Never rejects. */
  detach(): Promise<void>;
}

/** Events dispatched on `window` (CustomEvent; `detail` is the failure, or `{ integration, vendor, userId }`). */
export const CHAT_IDENTITY_EVENTS = {
  attached: 'chat-identity:attached',
  refreshed: 'chat-identity:refreshed',
  error: 'chat-identity:error',
  detached: 'chat-identity:detached',
} as const;

const POLL_MS = 50;
const SLOW_POLL_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** A credential is refreshed when this share of its remaining lifetime has passed. */
const REFRESH_AT = 0.8;
/** When the browser's clock says the credential has already expired (a skewed clock), ask again after this. */
const EXPIRED_ON_ARRIVAL_RETRY_MS = 30_000;

const page = (): VendorWindow => window as VendorWindow;
const sessions = new Set<Session>();

type FetchOutcome =
  | { identity: WidgetIdentity }
  | { failure: Omit<ChatIdentityFailure, 'integration' | 'retrying' | 'retryInMs' | 'attempt'>; retryable: boolean; retryAfterMs?: number }
  | { aborted: true };

class Session implements ChatIdentitySession {
  state: SessionState = 'attaching';
  private identity: WidgetIdentity | undefined;
  private readonly abort = new AbortController();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private cleanups: Array<() => void> = [];
  private fetching: Promise<WidgetIdentity | undefined> | undefined;

  constructor(private readonly options: Required<Omit<AttachOptions, 'onError'>> & Pick<AttachOptions, 'onError'>) {}

  get integration(): string {
    return this.options.integration;
  }
  get vendor(): Vendor | undefined {
    return this.identity?.vendor;
  }
  get userId(): string | undefined {
    return this.identity?.userId;
  }
  get expiresAt(): Date | null | undefined {
    return this.identity && (this.identity.expiresAt === null ? null : new Date(this.identity.expiresAt));
  }

  async start(): Promise<void> {
    const identity = await this.fetchIdentity();
    if (identity) await this.handOff(identity);
    else if (this.state === 'attaching') this.state = 'failed';
  }

  async refresh(): Promise<void> {
    if (this.state === 'detached') return;
    const identity = await this.fetchIdentity();
    if (identity) await this.handOff(identity);
  }

  async detach(): Promise<void> {
    if (this.state === 'detached') return;
    const held = this.identity;
    this.state = 'detached';
    this.identity = undefined;
    this.abort.abort();
    clearTimeout(this.refreshTimer);
    sessions.delete(this);
    if (held) this.logout(held.vendor);
    this.dispatch(CHAT_IDENTITY_EVENTS.detached, { integration: this.integration, vendor: held?.vendor, userId: held?.userId });
  }

  /** A hand-off valid now, for widgets that ask for a credential themselves. */
  private async fresh(): Promise<unknown> {
    const current = this.identity;
    if (current && !this.nearExpiry(current)) return current.handoff;
    const identity = await this.fetchIdentity();
    if (!identity || !current || identity.vendor !== current.vendor || identity.userId !== current.userId) {
      // Someone else is signed in now, or nobody: that is a switch (handOff does it), never this user's credential.
      if (identity) void this.handOff(identity);
      throw new Error('chat-identity: no credential for the user this widget was handed');
    }
    this.identity = identity;
    this.scheduleRefresh(identity);
    return identity.handoff;
  }

  private async handOff(identity: WidgetIdentity): Promise<void> {
    if (this.state === 'detached') return;
    if (!isKnownVendor(identity.vendor)) {
      this.fail({ kind: 'unsupported-vendor', message: `This version of chat-identity/browser cannot hand off to vendor "${String(identity.vendor)}".` });
      return;
    }
    for (const other of sessions) {
      if (other !== this && other.vendor === identity.vendor) await other.detach();
    }
    const widget = VENDOR_WIDGETS[identity.vendor] as VendorWidget<unknown>;
    if (!(await this.widgetLoaded(widget))) return;
    const previous = this.identity;
    const sameUser = previous !== undefined && previous.vendor === identity.vendor && previous.userId === identity.userId;
    if (previous && !sameUser) this.logout(previous.vendor);
    this.identity = identity;
    try {
      const context = {
        handoff: identity.handoff,
        fresh: () => this.fresh(),
        onLogout: (cleanup: () => void) => this.cleanups.push(cleanup),
        widgetOptions: this.options.widgetOptions,
        refused: (error: unknown) => this.fail({ kind: 'widget', message: `The ${identity.vendor} widget refused the credential: ${describe(error)}` }),
      };
      if (sameUser) (widget.refresh ?? widget.handOff)(page(), context);
      else widget.handOff(page(), context);
    } catch (error) {
      this.identity = undefined;
      this.fail({ kind: 'widget', message: `The ${identity.vendor} widget refused the hand-off: ${describe(error)}` });
      return;
    }
    const event = this.state === 'attached' ? CHAT_IDENTITY_EVENTS.refreshed : CHAT_IDENTITY_EVENTS.attached;
    this.state = 'attached';
    this.scheduleRefresh(identity);
    this.dispatch(event, { integration: this.integration, vendor: identity.vendor, userId: identity.userId });
  }

  private logout(vendor: Vendor): void {
    const cleanups = this.cleanups;
    this.cleanups = [];
    for (const cleanup of cleanups) this.guard(cleanup);
    this.guard(() => VENDOR_WIDGETS[vendor].logout(page()), `The ${vendor} widget failed to log out`);
  }

  private scheduleRefresh(identity: WidgetIdentity): void {
    clearTimeout(this.refreshTimer);
    if (identity.expiresAt === null || this.state === 'detached') return;
    const remaining = Date.parse(identity.expiresAt) - Date.now();
    const delay = remaining > 0 ? remaining * REFRESH_AT : EXPIRED_ON_ARRIVAL_RETRY_MS;
    this.refreshTimer = setTimeout(() => void this.refresh(), Math.min(delay, MAX_TIMER_MS));
  }

  private nearExpiry(identity: WidgetIdentity): boolean {
    if (identity.expiresAt === null) return false;
    return Date.parse(identity.expiresAt) - Date.now() < 30_000;
  }

  /** One fetch at a time; retried with backoff while the failure may pass. Undefined: gave up, or detached. */
  private fetchIdentity(): Promise<WidgetIdentity | undefined> {
    this.fetching ??= this.fetchWithRetry().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchWithRetry(): Promise<WidgetIdentity | undefined> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.fetchOnce();
      if (this.state === 'detached' || 'aborted' in outcome) return undefined;
      if ('identity' in outcome) return outcome.identity;
      // A 401 may be an access token that expired on the way: getAccessToken is asked again at once, once.
      const retrying = outcome.retryable || (outcome.failure.status === 401 && attempt === 1);
      const retryInMs = retrying ? (outcome.retryable ? this.backoff(attempt, outcome.retryAfterMs) : 0) : undefined;
      this.report({ ...outcome.failure, integration: this.integration, retrying, retryInMs, attempt });
      if (!retrying) return undefined;
      await this.sleep(retryInMs ?? 0);
    }
  }

  private async fetchOnce(): Promise<FetchOutcome> {
    let accessToken: string | null | undefined;
    try {
      accessToken = await this.options.getAccessToken();
    } catch (error) {
      return { failure: { kind: 'unauthenticated', message: `getAccessToken failed: ${describe(error)}` }, retryable: false };
    }
    if (!accessToken) return { failure: { kind: 'unauthenticated', message: 'getAccessToken gave no token: nobody is signed in.' }, retryable: false };
    const url = `${this.options.endpoint.replace(/\/+$/, '')}/v1/identity/${encodeURIComponent(this.integration)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        credentials: 'omit',
        cache: 'no-store',
        signal: this.abort.signal,
      });
    } catch (error) {
      if (this.abort.signal.aborted) return { aborted: true };
      return { failure: { kind: 'network', message: `chat-identity did not answer: ${describe(error)}` }, retryable: true };
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok && isWidgetIdentity(body)) return { identity: body };
    const status = response.status;
    const detail = isProblem(body) ? body.detail : `HTTP ${status}`;
    return {
      failure: { kind: 'http', status, message: response.ok ? 'chat-identity answered something that is not a widget identity.' : detail, requestId },
      retryable: response.ok || status === 408 || status === 429 || status >= 500,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  }

  private backoff(attempt: number, retryAfter?: number): number {
    const exponential = Math.min(this.options.maxRetryDelayMs, this.options.retryDelayMs * 2 ** (attempt - 1));
    // Jitter spreads the retries of many pages after one outage.
    const jittered = exponential * (0.5 + Math.random() / 2);
    return Math.max(jittered, retryAfter ?? 0);
  }

  private async widgetLoaded(widget: VendorWidget<unknown>): Promise<boolean> {
    const since = Date.now();
    let reported = false;
    while (!this.guard(() => widget.loaded(page()))) {
      if (this.state === 'detached') return false;
      if (!reported && Date.now() - since >= this.options.widgetTimeoutMs) {
        reported = true;
        this.report({
          integration: this.integration,
          kind: 'widget',
          message: `The vendor's widget script has not loaded after ${this.options.widgetTimeoutMs} ms; still waiting for it.`,
          retrying: true,
          attempt: 1,
        });
      }
      await this.sleep(reported ? SLOW_POLL_MS : POLL_MS);
    }
    return this.state !== 'detached';
  }

  /** Resolves after `ms`, or at once when the session is detached. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }

  private fail(failure: Pick<ChatIdentityFailure, 'kind' | 'message'>): void {
    if (this.state === 'attaching') this.state = 'failed';
    this.report({ ...failure, integration: this.integration, retrying: false, attempt: 1 });
  }

  private report(failure: ChatIdentityFailure): void {
    this.guard(() => this.options.onError?.(failure));
    this.dispatch(CHAT_IDENTITY_EVENTS.error, failure);
  }

  private dispatch(type: string, detail: unknown): void {
    this.guard(() => window.dispatchEvent(new CustomEvent(type, { detail })));
  }

  /** Runs page or vendor code; what it throws is reported (when `failing` says how), never thrown on. */
  private guard<T>(run: () => T, failing?: string): T | undefined {
    try {
      return run();
    } catch (error) {
      if (failing) this.report({ integration: this.integration, kind: 'widget', message: `${failing}: ${describe(error)}`, retrying: false, attempt: 1 });
      return undefined;
    }
  }
}

/**
 * Fetches the signed-in user's identity for one integration and hands it to the vendor's widget;
 * refreshes it before it expires. Resolves once the widget holds it, or once a failure is final (both
 * reported through `onError` and the `chat-identity:error` event); never rejects. Attaching an
 * integration again, or another one of the same vendor, detaches the previous session first.
 */
export async function attach(options: AttachOptions): Promise<ChatIdentitySession> {
  const session = new Session({ retryDelayMs: 1000, maxRetryDelayMs: 60_000, widgetTimeoutMs: 10_000, widgetOptions: {}, ...options });
  for (const other of sessions) {
    if (other.integration === options.integration) await other.detach();
  }
  sessions.add(session);
  try {
    await session.start();
  } catch (error) {
    // Nothing above throws by design; this keeps the promise from ever rejecting into the page.
    session.state = 'failed';
    options.onError?.({ integration: options.integration, kind: 'widget', message: describe(error), retrying: false, attempt: 1 });
  }
  return session;
}

/** Detaches every session: the page's logout. */
export async function detachAll(): Promise<void> {
  await Promise.all([...sessions].map((session) => session.detach()));
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

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Vendors' login errors are often plain objects with a message (Zendesk's LoginFailedError).
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
