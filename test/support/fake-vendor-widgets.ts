// One harness of fake vendor widgets for the browser tests: each fake defines the vendor's documented
// globals in the page, and every sign-in it receives is checked, as the vendor would check it, by a
// verifier that runs in Node (it holds the secrets; the page never does) at the widget's own clock.
// The widgets record sign-ins, refusals and logouts in one log the tests read.
import type { Browser, Page } from 'playwright-core';

/** A vendor's verdict on what its widget was handed. */
export interface Verdict {
  ok: boolean;
  /** Whom the vendor would show the conversation of (its user key). */
  user?: string;
  /** The credential's expiry (ms), when it has one. */
  expiresAtMs?: number;
  reason?: string;
}

/** Checks a hand-off as the vendor would, at the widget's clock `nowMs`. */
export type CredentialVerifier = (handedOver: unknown, nowMs: number) => Promise<Verdict>;

export interface WidgetLogEntry {
  vendor: string;
  call: 'sign-in' | 'logout';
  /** sign-in: whom the vendor accepted (or would have); logout: whom it forgot. */
  user?: string;
  accepted?: boolean;
  reason?: string;
  expiresAtMs?: number;
  /** A sign-in while another user was still signed in: the widget would show them the first one's conversation. */
  replacedWithoutLogout?: string;
  /** The widget's clock. */
  at: number;
}

interface FakeWidgetsState {
  log: WidgetLogEntry[];
  signedIn: Record<string, string | undefined>;
}

/** The page's globals these tests read (the test project is typed for Node, not the DOM). */
export type PageGlobals = Record<string, unknown> & {
  __fakeWidgets: FakeWidgetsState;
  __verifyCredential: (vendor: string, handedOver: unknown, nowMs: number) => Promise<Verdict>;
  localStorage: { length: number };
  sessionStorage: { length: number };
  document: { cookie: string };
};

/**
 * The in-page fakes (serialized into the page by Playwright: self-contained). Each vendor's globals
 * call signIn / signOut exactly where the real widget would take in or drop a user.
 */
function installFakeWidgets(vendors: string[]): void {
  const page = globalThis as unknown as PageGlobals;
  const state: FakeWidgetsState = { log: [], signedIn: {} };
  page.__fakeWidgets = state;
  const signIn = async (vendor: string, handedOver: unknown): Promise<void> => {
    const at = Date.now();
    const verdict = await page.__verifyCredential(vendor, JSON.parse(JSON.stringify(handedOver)), at);
    const holder = state.signedIn[vendor];
    const replacedWithoutLogout = holder !== undefined && holder !== verdict.user ? holder : undefined;
    if (verdict.ok) state.signedIn[vendor] = verdict.user;
    state.log.push({ vendor, call: 'sign-in', user: verdict.user, accepted: verdict.ok, reason: verdict.reason, expiresAtMs: verdict.expiresAtMs, replacedWithoutLogout, at });
  };
  const signOut = (vendor: string): void => {
    state.log.push({ vendor, call: 'logout', user: state.signedIn[vendor], at: Date.now() });
    delete state.signedIn[vendor];
  };
  const installers: Record<string, () => void> = {
    glassix() {
      page.GlassixWidgetClient = class {
        constructor(private readonly options: unknown) {}
        attach(): void {
          void signIn('glassix', this.options);
        }
        destroy(): void {
          signOut('glassix');
        }
      };
    },
    gladly() {
      page.Gladly = { setUser: (user: unknown) => void signIn('gladly', user), clearUser: () => signOut('gladly') };
    },
    decimal() {
      page.Decimal = { boot: (options: unknown) => void signIn('decimal', options), shutdown: () => signOut('decimal') };
    },
    tiledesk() {
      page.Tiledesk = (method: string, credential: unknown) => {
        if (method === 'signInWithCustomToken') void signIn('tiledesk', { credential, settings: page.tiledeskSettings });
        if (method === 'logout') signOut('tiledesk');
      };
    },
    intercom() {
      page.Intercom = (method: string, settings: unknown) => {
        if (method === 'boot') void signIn('intercom', settings);
        if (method === 'shutdown') signOut('intercom');
      };
    },
    zendesk() {
      // Zendesk asks for the JWT through the callback it is given.
      page.zE = (widget: string, method: string, provide: (callback: (jwt: string) => void) => void) => {
        if (widget !== 'messenger') return;
        if (method === 'loginUser') provide((jwt) => void signIn('zendesk', { jwt }));
        if (method === 'logoutUser') signOut('zendesk');
      };
    },
    kustomer() {
      page.Kustomer = { login: (options: unknown) => void signIn('kustomer', options), logout: () => signOut('kustomer') };
    },
    salesforce() {
      page.embeddedservice_bootstrap = {
        userVerificationAPI: { setIdentityToken: (token: unknown) => void signIn('salesforce', token), clearSession: () => signOut('salesforce') },
      };
    },
    helpscout() {
      page.Beacon = (method: string, identify: unknown) => {
        if (method === 'identify') void signIn('helpscout', { identify });
        if (method === 'logout') signOut('helpscout');
      };
    },
    front() {
      page.FrontChat = (method: string, init: unknown) => {
        if (method === 'init') void signIn('front', { init });
        if (method === 'shutdown') signOut('front');
      };
    },
    chatwoot() {
      page.$chatwoot = { setUser: (identifier: unknown, user: unknown) => void signIn('chatwoot', { setUser: { identifier, user } }), reset: () => signOut('chatwoot') };
    },
    crisp() {
      page.$crisp = {
        push: (entry: unknown[]) => {
          if (entry[0] === 'set' && entry[1] === 'user:email') void signIn('crisp', { push: [entry] });
          if (entry[0] === 'do' && entry[1] === 'session:reset') signOut('crisp');
        },
      };
    },
    tawkto() {
      page.Tawk_API = { login: (login: unknown) => void signIn('tawkto', { login }), shutdown: () => signOut('tawkto') };
    },
    reamaze() {
      // Reamaze reads _support['user'] when it (re)loads.
      page.Reamaze = {
        reload: () => {
          const user = (page._support as { user?: unknown } | undefined)?.user;
          if (user) void signIn('reamaze', { user });
          else signOut('reamaze');
        },
      };
    },
    hubspot() {
      page.HubSpotConversations = {
        widget: { load: () => void signIn('hubspot', { hsConversationsSettings: page.hsConversationsSettings }), remove: () => signOut('hubspot') },
        clear: () => signOut('hubspot'),
      };
    },
  };
  for (const vendor of vendors) installers[vendor]();
}

export interface WidgetPage {
  page: Page;
  log(): Promise<WidgetLogEntry[]>;
  /** Whom the vendor's widget holds now. */
  signedIn(vendor: string): Promise<string | undefined>;
  /** Names of the page's globals whose JSON contains any of `needles` (what a next user could read). */
  globalsMentioning(needles: string[]): Promise<string[]>;
  /** localStorage, sessionStorage and cookies, as the page sees them. */
  storage(): Promise<{ local: number; session: number; cookies: string }>;
}

/** A fresh page of `pageUrl` whose vendor globals are the fakes, checked by `verifiers`. */
export async function openWidgetPage(browser: Browser, pageUrl: string, verifiers: Record<string, CredentialVerifier>, setup?: (page: Page) => Promise<unknown>): Promise<WidgetPage> {
  const page = await browser.newPage();
  await setup?.(page);
  await page.exposeFunction('__verifyCredential', (vendor: string, handedOver: unknown, nowMs: number) => {
    const verify = verifiers[vendor];
    return verify ? verify(handedOver, nowMs).catch((error: Error) => ({ ok: false, reason: error.message })) : { ok: false, reason: `no verifier for ${vendor}` };
  });
  await page.addInitScript(installFakeWidgets, Object.keys(verifiers));
  await page.goto(pageUrl);
  const state = (): Promise<FakeWidgetsState> => page.evaluate(() => (globalThis as unknown as PageGlobals).__fakeWidgets);
  return {
    page,
    log: async () => (await state()).log,
    signedIn: async (vendor) => (await state()).signedIn[vendor],
    globalsMentioning: (needles) =>
      page.evaluate((searched) => {
        const found: string[] = [];
        const globals = globalThis as unknown as PageGlobals;
        for (const name of Object.keys(globals)) {
          if (name === '__fakeWidgets') continue;
          try {
            const json = JSON.stringify(globals[name]);
            if (json && searched.some((needle) => json.includes(needle))) found.push(name);
          } catch {
            // Not serializable (DOM nodes, cycles): not where a library would keep an identity.
          }
        }
        return found;
      }, needles),
    storage: () =>
      page.evaluate(() => {
        const globals = globalThis as unknown as PageGlobals;
        return { local: globals.localStorage.length, session: globals.sessionStorage.length, cookies: globals.document.cookie };
      }),
  };
}
