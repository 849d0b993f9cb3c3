// The contract between the browser library and a vendor's widget entry (src/vendors/<id>/<id>.widget.ts):
// how a widget is handed a user, refreshed and logged out, by the calls its vendor documents.

/** What a widget entry is given besides the window. */
export interface HandoffContext<H> {
  /** The hand-off just fetched. */
  handoff: H;
  /**
   * A hand-off valid now, fetched again when the current one is close to expiry: for widgets that ask
   * for a credential themselves (a callback, an event).
   */
  fresh(): Promise<H>;
  /** Runs `cleanup` at logout (an event listener the hand-off added, say). */
  onLogout(cleanup: () => void): void;
  /** The page's own settings of the widget, passed to attach as `widgetOptions` (Front's chatId). */
  widgetOptions: Readonly<Record<string, unknown>>;
  /** The vendor refused the credential (its login callback's error): told to `onError` and the error event. */
  refused(error: unknown): void;
}

/**
 * One vendor's widget: `H` is the `handoff` of its token answers, `G` the page globals its snippet
 * defines (only what the entry touches).
 */
export interface VendorWidget<H, G extends object = object> {
  /** True once the vendor's snippet has defined what `handOff` calls (often a queueing stub). */
  loaded(page: Window & G): boolean;
  /** Signs the user in to the widget. */
  handOff(page: Window & G, context: HandoffContext<H>): void;
  /** The same user, a new credential. @default handOff */
  refresh?(page: Window & G, context: HandoffContext<H>): void;
  /** The vendor's logout: the widget forgets the user and their conversation. */
  logout(page: Window & G): void;
}

/** The hand-off type of a widget entry. */
export type HandoffOf<W> = W extends VendorWidget<infer H, never> ? H : never;
