// The public types of chat-identity/browser: what a page passes to attach and what it gets back.
import type { Handoffs, Vendor } from './vendor-widgets.js';

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
  /** Aborting it detaches the session, as `detach()` does (a page's own logout controller). */
  signal?: AbortSignal;
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
  /**
   * Settles once the session leaves `attaching`: `attached` (the widget holds the identity), `failed`
   * (a final failure, told to `onError`), or `detached` (detached or replaced first). Never rejects.
   */
  readonly ready: Promise<SessionState>;
  /** Of the identity the widget holds; undefined before the first hand-off and after detach. */
  readonly vendor: Vendor | undefined;
  readonly userId: string | undefined;
  readonly expiresAt: Date | null | undefined;
  /** Fetches a new credential and hands it over now. Never rejects. */
  refresh(): Promise<void>;
  /**
   * Runs the vendor's logout and forgets the user, at once, also while attaching: the pending request
   * and retries are cancelled, nothing is handed over and nothing is reported afterwards. Never rejects.
   */
  detach(): Promise<void>;
}

/** Events dispatched on `window` (CustomEvent; `detail` is the failure, or `{ integration, vendor, userId }`). */
export const CHAT_IDENTITY_EVENTS = {
  attached: 'chat-identity:attached',
  refreshed: 'chat-identity:refreshed',
  error: 'chat-identity:error',
  detached: 'chat-identity:detached',
} as const;
