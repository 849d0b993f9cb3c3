// chat-identity for the browser: fetches the signed-in user's widget identity from chat-identity and
// runs the vendor's whole lifecycle with it (hand-off, refresh before expiry, logout, user switch).
// ESM, no dependencies; nothing is kept in localStorage, sessionStorage or cookies: the identity lives
// in this module's memory only, and is dropped at detach.
import type { AttachOptions, ChatIdentitySession } from './chat-identity.types.js';
import { sessionsOfPage, WidgetSession } from './widget-session.js';

export type { Handoffs, Vendor } from './vendor-widgets.js';
export {
  type AttachOptions,
  CHAT_IDENTITY_EVENTS,
  type ChatIdentityFailure,
  type ChatIdentitySession,
  type SessionState,
  type WidgetIdentity,
} from './chat-identity.types.js';

/**
 * Attaches the signed-in user's identity for one integration to the vendor's widget, and keeps it fresh
 * until detach. Returns the session at once (`attaching`); `session.ready` settles once the widget holds
 * the identity, a failure is final (both told to `onError` and the `chat-identity:error` event), or the
 * session was detached first; nothing rejects. Attaching an integration again detaches its previous
 * session first; of two sessions of one vendor, the one attached last keeps the widget.
 */
export function attach(options: AttachOptions): ChatIdentitySession {
  for (const other of sessionsOfPage()) if (other.integration === options.integration) other.end();
  const { signal, ...settings } = options;
  const session = new WidgetSession({ retryDelayMs: 1000, maxRetryDelayMs: 60_000, widgetTimeoutMs: 10_000, widgetOptions: {}, ...settings });
  if (signal?.aborted) session.end();
  else {
    signal?.addEventListener('abort', () => session.end(), { once: true });
    void session.start();
  }
  return session;
}

/** Detaches every session at once, attached or still attaching: the page's logout. Never rejects. */
export async function detachAll(): Promise<void> {
  for (const session of sessionsOfPage()) session.end();
}
