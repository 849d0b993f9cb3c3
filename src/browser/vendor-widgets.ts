// The one table of the browser library that knows vendors: for each vendor the server can answer for,
// the shape of its `handoff`, how its widget is handed a user, refreshed, and logged out. Every call
// here is the one the vendor documents for its web widget (the strategy's JSDoc on the server names
// the source); nothing else in the library mentions a vendor.

export interface GlassixHandoff {
  widgetOptions: { apiKey: string; snippetId: string; uniqueIdentifier: string; identityToken: string };
}
export interface GladlyHandoff {
  setUser: { name?: string; email?: string; phone?: string; jwt?: string };
}
export interface DecimalHandoff {
  boot: { user_token: string };
}
export interface TiledeskHandoff {
  tiledeskSettings: { projectid: string; autoStart: boolean };
  signInWithCustomToken: string;
}

/** The `handoff` of a token answer, by vendor. */
export interface Handoffs {
  glassix: GlassixHandoff;
  gladly: GladlyHandoff;
  decimal: DecimalHandoff;
  tiledesk: TiledeskHandoff;
}

export type Vendor = keyof Handoffs;

interface GlassixWidgetClient {
  attach(): void;
  destroy(): void;
}

/** The page's globals, as the vendors' snippets define them (only what this table touches). */
export interface VendorGlobals {
  widgetOptions?: GlassixHandoff['widgetOptions'];
  GlassixWidgetClient?: new (options: GlassixHandoff['widgetOptions']) => GlassixWidgetClient;
  widgetClient?: GlassixWidgetClient;
  Gladly?: { setUser(user: GladlyHandoff['setUser']): void; clearUser(): void };
  Decimal?: { boot(options: DecimalHandoff['boot']): void; shutdown(): void };
  tiledeskSettings?: TiledeskHandoff['tiledeskSettings'];
  Tiledesk?: (method: string, ...args: unknown[]) => void;
}

export type VendorWindow = Window & VendorGlobals;

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
}

export interface VendorWidget<H> {
  /** True once the vendor's snippet has defined what `handOff` calls (often a queueing stub). */
  loaded(page: VendorWindow): boolean;
  /** Signs the user in to the widget. */
  handOff(page: VendorWindow, context: HandoffContext<H>): void;
  /** The same user, a new credential. @default handOff */
  refresh?(page: VendorWindow, context: HandoffContext<H>): void;
  /** The vendor's logout: the widget forgets the user and their conversation. */
  logout(page: VendorWindow): void;
}

export type VendorWidgets = { [V in Vendor]: VendorWidget<Handoffs[V]> };

export const VENDOR_WIDGETS: VendorWidgets = {
  // The snippet reads window.widgetOptions when it loads; once loaded, a login, logout or new token is
  // widgetClient.destroy() and a new client attached with the new options.
  glassix: {
    loaded: () => true,
    handOff(page, { handoff }) {
      page.widgetClient?.destroy();
      page.widgetOptions = handoff.widgetOptions;
      if (typeof page.GlassixWidgetClient !== 'function') return;
      const client = new page.GlassixWidgetClient(handoff.widgetOptions);
      page.widgetClient = client;
      client.attach();
    },
    logout(page) {
      page.widgetClient?.destroy();
      delete page.widgetClient;
      delete page.widgetOptions;
    },
  },
  // After Gladly.init: setUser (again for a new minted JWT); clearUser on logout.
  gladly: {
    loaded: (page) => typeof page.Gladly?.setUser === 'function',
    handOff: (page, { handoff }) => page.Gladly!.setUser(handoff.setUser),
    logout: (page) => page.Gladly?.clearUser(),
  },
  // Embedded with data-disable-autoboot: boot with the token; shutdown, then boot again, for anything new.
  decimal: {
    loaded: (page) => typeof page.Decimal?.boot === 'function',
    handOff: (page, { handoff }) => page.Decimal!.boot(handoff.boot),
    refresh(page, { handoff }) {
      page.Decimal!.shutdown();
      page.Decimal!.boot(handoff.boot);
    },
    logout: (page) => page.Decimal?.shutdown(),
  },
  // tiledeskSettings before the launcher loads; the credential string starts with "JWT ".
  tiledesk: {
    loaded: (page) => typeof page.Tiledesk === 'function',
    handOff(page, { handoff }) {
      page.tiledeskSettings = handoff.tiledeskSettings;
      page.Tiledesk!('signInWithCustomToken', handoff.signInWithCustomToken);
    },
    logout(page) {
      page.Tiledesk?.('logout');
      delete page.tiledeskSettings;
    },
  },
};

export const isKnownVendor = (vendor: string): vendor is Vendor => Object.prototype.hasOwnProperty.call(VENDOR_WIDGETS, vendor);
