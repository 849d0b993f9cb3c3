// One harness of fake vendor widgets for the browser tests: each fake (its vendor folder's case) defines
// the vendor's documented globals in the page, and every sign-in it receives is checked, as the vendor
// would check it, by a verifier that runs in Node (it holds the secrets; the page never does) at the
// widget's own clock.
// The widgets record sign-ins, refusals and logouts in one log the tests read.
import type { Browser, Page } from 'playwright-core';
import type { FakeWidget, VendorCase, Verdict } from './vendor-cases.js';

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
 * Runs in the page (serialized by Playwright: self-contained): the log, and each vendor's fake widget
 * wired to it, so its globals call signIn / signOut exactly where the real widget would take in or
 * drop a user.
 */
function installFakeWidgets(installers: Record<string, FakeWidget>): void {
  const page = globalThis as unknown as PageGlobals;
  const state: FakeWidgetsState = { log: [], signedIn: {} };
  page.__fakeWidgets = state;
  const signIn = async (vendor: string, handedOver: unknown): Promise<Verdict> => {
    const at = Date.now();
    const verdict = await page.__verifyCredential(vendor, JSON.parse(JSON.stringify(handedOver)), at);
    const holder = state.signedIn[vendor];
    const replacedWithoutLogout = holder !== undefined && holder !== verdict.user ? holder : undefined;
    if (verdict.ok) state.signedIn[vendor] = verdict.user;
    state.log.push({ vendor, call: 'sign-in', user: verdict.user, accepted: verdict.ok, reason: verdict.reason, expiresAtMs: verdict.expiresAtMs, replacedWithoutLogout, at });
    return verdict;
  };
  const signOut = (vendor: string): void => {
    state.log.push({ vendor, call: 'logout', user: state.signedIn[vendor], at: Date.now() });
    delete state.signedIn[vendor];
  };
  for (const [vendor, install] of Object.entries(installers)) {
    install(
      page,
      (handedOver) => signIn(vendor, handedOver),
      () => signOut(vendor),
    );
  }
}

/** The page script: the harness, called with each case's fake widget (their source, as Playwright serializes a function). */
function fakeWidgetsScript(cases: ReadonlyArray<Pick<VendorCase, 'vendor' | 'fakeWidget'>>): string {
  const installers = cases.map(({ vendor, fakeWidget }) => `${JSON.stringify(vendor)}: ${fakeWidget.toString()}`).join(',\n');
  return `(${installFakeWidgets.toString()})({${installers}});`;
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

type WidgetCase = Pick<VendorCase, 'vendor' | 'verify' | 'verifyInWidget' | 'fakeWidget'>;

/** A fresh page of `pageUrl` whose vendor globals are the cases' fake widgets, each checked by its case's verifier. */
export async function openWidgetPage(browser: Browser, pageUrl: string, cases: WidgetCase[], setup?: (page: Page) => Promise<unknown>): Promise<WidgetPage> {
  const page = await browser.newPage();
  await setup?.(page);
  await page.exposeFunction('__verifyCredential', (vendor: string, handedOver: unknown, nowMs: number): Promise<Verdict> | Verdict => {
    const found = cases.find((candidate) => candidate.vendor === vendor);
    if (!found) return { ok: false, reason: `no verifier for ${vendor}` };
    return (found.verifyInWidget ?? found.verify)(handedOver, nowMs).catch((error: Error) => ({ ok: false, reason: error.message }));
  });
  await page.addInitScript({ content: fakeWidgetsScript(cases) });
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
