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

export interface IntercomHandoff {
  intercomSettings: { app_id: string; intercom_user_jwt: string };
}
export interface ZendeskHandoff {
  loginUser: { jwt: string };
}
export interface KustomerHandoff {
  login: { jwtToken: string };
}
export interface SalesforceHandoff {
  setIdentityToken: { identityTokenType: 'JWT'; identityToken: string };
}
export interface HelpscoutHandoff {
  identify: { name?: string; email: string; signature: string };
}
export interface FrontHandoff {
  init: { email: string; name?: string; userHash: string };
}
export interface ChatwootHandoff {
  setUser: { identifier: string; user: { name?: string; email?: string; identifier_hash: string } };
}
export interface CrispHandoff {
  /** Each entry goes to `$crisp.push(entry)`: `["set", "user:email", [email, signature]]`. */
  push: unknown[][];
}
export interface TawktoHandoff {
  login: { userId: string; hash: string; name?: string; email?: string };
}
export interface ReamazeHandoff {
  user: { id: string; email: string; name?: string; authkey: string };
}
export interface HubspotHandoff {
  hsConversationsSettings: { loadImmediately: boolean; identificationEmail: string; identificationToken: string };
}

/** The `handoff` of a token answer, by vendor. */
export interface Handoffs {
  glassix: GlassixHandoff;
  gladly: GladlyHandoff;
  decimal: DecimalHandoff;
  tiledesk: TiledeskHandoff;
  intercom: IntercomHandoff;
  zendesk: ZendeskHandoff;
  kustomer: KustomerHandoff;
  salesforce: SalesforceHandoff;
  helpscout: HelpscoutHandoff;
  front: FrontHandoff;
  chatwoot: ChatwootHandoff;
  crisp: CrispHandoff;
  tawkto: TawktoHandoff;
  reamaze: ReamazeHandoff;
  hubspot: HubspotHandoff;
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
  intercomSettings?: IntercomHandoff['intercomSettings'];
  Intercom?: (method: string, ...args: unknown[]) => void;
  zE?: (widget: string, method: string, ...args: unknown[]) => void;
  Kustomer?: { login(options: KustomerHandoff['login'], callback?: (...results: unknown[]) => void): void; logout(callback?: () => void): void };
  embeddedservice_bootstrap?: {
    userVerificationAPI?: { setIdentityToken(token: SalesforceHandoff['setIdentityToken']): unknown; clearSession(endSession?: boolean): unknown };
  };
  Beacon?: (method: string, ...args: unknown[]) => void;
  FrontChat?: (method: string, ...args: unknown[]) => void;
  $chatwoot?: { setUser(identifier: string, user: ChatwootHandoff['setUser']['user']): void; reset(): void };
  $crisp?: { push(entry: unknown[]): unknown };
  Tawk_API?: { login?(data: TawktoHandoff['login'], callback?: (error?: unknown) => void): void; shutdown?(): void };
  _support?: { user?: ReamazeHandoff['user'] } & Record<string, unknown>;
  Reamaze?: { reload?(): void };
  hsConversationsSettings?: HubspotHandoff['hsConversationsSettings'];
  hsConversationsOnReady?: Array<() => void>;
  HubSpotConversations?: { widget: { load(): void; remove(): void }; clear(options: { resetWidget: boolean }): void };
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
  /** The page's own settings of the widget, passed to attach as `widgetOptions` (Front's chatId). */
  widgetOptions: Readonly<Record<string, unknown>>;
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
  // The Messenger boots with the JWT; a new one is a shutdown and a boot (the JWT is read at boot).
  intercom: {
    loaded: (page) => typeof page.Intercom === 'function',
    handOff(page, { handoff }) {
      page.intercomSettings = handoff.intercomSettings;
      page.Intercom!('boot', handoff.intercomSettings);
    },
    refresh(page, { handoff }) {
      page.Intercom!('shutdown');
      page.intercomSettings = handoff.intercomSettings;
      page.Intercom!('boot', handoff.intercomSettings);
    },
    logout(page) {
      page.Intercom?.('shutdown');
      delete page.intercomSettings;
    },
  },
  // Zendesk calls the callback whenever it needs a JWT (an expired one included): it always gets a fresh one.
  zendesk: {
    loaded: (page) => typeof page.zE === 'function',
    handOff(page, { fresh }) {
      page.zE!('messenger', 'loginUser', (callback: (jwt: string) => void) => void fresh().then((handoff) => callback(handoff.loginUser.jwt), () => undefined));
    },
    logout: (page) => page.zE?.('messenger', 'logoutUser'),
  },
  // The JWT opens the session (its iat must be under 15 minutes old): a new one signs in again.
  kustomer: {
    loaded: (page) => typeof page.Kustomer?.login === 'function',
    handOff: (page, { handoff }) => page.Kustomer!.login(handoff.login),
    logout: (page) => page.Kustomer?.logout(),
  },
  // After onEmbeddedMessagingReady; Salesforce asks again with onEmbeddedMessagingIdentityTokenExpired.
  salesforce: {
    loaded: (page) => salesforceReady || typeof page.embeddedservice_bootstrap?.userVerificationAPI?.setIdentityToken === 'function',
    handOff(page, { handoff, fresh, onLogout }) {
      page.embeddedservice_bootstrap!.userVerificationAPI!.setIdentityToken(handoff.setIdentityToken);
      const renew = (): void =>
        void fresh().then((renewed) => page.embeddedservice_bootstrap?.userVerificationAPI?.setIdentityToken(renewed.setIdentityToken), () => undefined);
      page.addEventListener('onEmbeddedMessagingIdentityTokenExpired', renew);
      onLogout(() => page.removeEventListener('onEmbeddedMessagingIdentityTokenExpired', renew));
    },
    refresh: (page, { handoff }) => page.embeddedservice_bootstrap!.userVerificationAPI!.setIdentityToken(handoff.setIdentityToken),
    logout: (page) => page.embeddedservice_bootstrap?.userVerificationAPI?.clearSession(true),
  },
  helpscout: {
    loaded: (page) => typeof page.Beacon === 'function',
    handOff: (page, { handoff }) => page.Beacon!('identify', handoff.identify),
    logout: (page) => page.Beacon?.('logout'),
  },
  // FrontChat('init') takes the page's own chatId too (attach's widgetOptions).
  front: {
    loaded: (page) => typeof page.FrontChat === 'function',
    handOff: (page, { handoff, widgetOptions }) => page.FrontChat!('init', { ...widgetOptions, ...handoff.init }),
    logout: (page) => page.FrontChat?.('shutdown', { clearSession: true }),
  },
  chatwoot: {
    loaded: (page) => typeof page.$chatwoot?.setUser === 'function',
    handOff: (page, { handoff }) => page.$chatwoot!.setUser(handoff.setUser.identifier, handoff.setUser.user),
    logout: (page) => page.$chatwoot?.reset(),
  },
  crisp: {
    loaded: (page) => typeof page.$crisp?.push === 'function',
    handOff(page, { handoff }) {
      for (const entry of handoff.push) page.$crisp!.push(entry);
    },
    logout: (page) => page.$crisp?.push(['do', 'session:reset']),
  },
  tawkto: {
    loaded: (page) => typeof page.Tawk_API?.login === 'function',
    handOff: (page, { handoff }) => page.Tawk_API!.login!(handoff.login, () => undefined),
    logout: (page) => page.Tawk_API?.shutdown?.(),
  },
  // _support['user'] is read when Reamaze.js loads; once loaded, reload() reads it again.
  reamaze: {
    loaded: () => true,
    handOff(page, { handoff }) {
      page._support = page._support ?? {};
      page._support.user = handoff.user;
      page.Reamaze?.reload?.();
    },
    logout(page) {
      delete page._support?.user;
      page.Reamaze?.reload?.();
    },
  },
  // loadImmediately is false: the widget loads when told, with the identification settings; a new token reloads it.
  hubspot: {
    loaded: () => true,
    handOff(page, { handoff }) {
      page.hsConversationsSettings = handoff.hsConversationsSettings;
      if (page.HubSpotConversations) page.HubSpotConversations.widget.load();
      else (page.hsConversationsOnReady ??= []).push(() => page.HubSpotConversations?.widget.load());
    },
    refresh(page, { handoff }) {
      page.hsConversationsSettings = handoff.hsConversationsSettings;
      page.HubSpotConversations?.widget.remove();
      page.HubSpotConversations?.widget.load();
    },
    logout(page) {
      page.HubSpotConversations?.clear({ resetWidget: true });
      delete page.hsConversationsSettings;
    },
  },
};

// Salesforce takes the token only after it dispatched onEmbeddedMessagingReady (noted here, whenever this module loads).
let salesforceReady = false;
if (typeof window !== 'undefined') window.addEventListener('onEmbeddedMessagingReady', () => (salesforceReady = true), { once: true });

export const isKnownVendor = (vendor: string): vendor is Vendor => Object.prototype.hasOwnProperty.call(VENDOR_WIDGETS, vendor);
