import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { waitUntilInPage } from './support/chromium.js';
import { type BrowserLibraryHarness, credentialValues, secondSlugOf, startBrowserLibraryHarness, vendorCasesOfCatalog } from './support/browser-library-harness.js';
import { openWidgetPage, type WidgetLogEntry, type WidgetPage } from './support/fake-vendor-widgets.js';
import { type HeldIdentityEndpoint, startHeldIdentityEndpoint } from './support/held-identity-endpoint.js';
import { uniqueSub } from './support/identity-api.js';
import { userToken } from './support/tokens.js';

// A page that logs out or switches user while the library is still attaching: the request is held by
// the test (held-identity-endpoint.ts) until it lets it go, so every interleaving is chosen, not timed.

/** What the page records (init script below) and what the tests call in it. */
interface RaceGlobals {
  __library: { attach(options: unknown): RaceGlobals['__sessions'][string]; detachAll(): Promise<void> };
  __sessions: Record<string, { state: string; ready: Promise<string>; detach(): Promise<void> }>;
  __signInsUnderWay: Record<string, AbortController>;
  __failures: Array<{ session: string; kind: string; status?: number; retrying: boolean }>;
  __identityFetches: number;
  __answersRead: number;
  __snippetReads: number;
  __loadSnippet(): void;
}

// Counts the library's identity requests and the answers it has read; keeps the page's globals of
// before the fake widgets, so that "the snippet still loading" can take the fakes' globals away.
const INSTRUMENT_PAGE = `
  window.__identityFetches = 0; window.__answersRead = 0; window.__snippetReads = 0;
  const pageFetch = window.fetch;
  window.fetch = function (input, init) {
    if (String(input).includes('/v1/identity/')) window.__identityFetches++;
    return pageFetch.call(this, input, init);
  };
  const readJson = Response.prototype.json;
  Response.prototype.json = function () { return readJson.call(this).finally(() => window.__answersRead++); };
  window.__globalsBeforeWidgets = new Set(Object.getOwnPropertyNames(window));
`;

// The vendor's snippet has not run yet: its globals read as undefined (counted) until __loadSnippet,
// which defines them and does what the real snippet does with settings the page set before it.
const HOLD_SNIPPET_BACK = `(() => {
  const held = {};
  for (const name of Object.getOwnPropertyNames(window)) {
    if (window.__globalsBeforeWidgets.has(name) || name.startsWith('__')) continue;
    held[name] = window[name];
    Object.defineProperty(window, name, { configurable: true, get: () => void window.__snippetReads++, set: () => undefined });
  }
  window.__loadSnippet = () => {
    for (const [name, value] of Object.entries(held)) Object.defineProperty(window, name, { configurable: true, writable: true, value });
    if (held.GlassixWidgetClient && window.widgetOptions) (window.widgetClient = new GlassixWidgetClient(window.widgetOptions)).attach();
    if (held.Reamaze && window._support && window._support.user) Reamaze.reload();
    if (held.HubSpotConversations) for (const ready of window.hsConversationsOnReady || []) ready();
  };
})()`;

interface TestUser {
  sub: string;
  email: string;
  name: string;
}

interface RacePage {
  page: Page;
  widgets: WidgetPage;
  endpoint: HeldIdentityEndpoint;
  /** Everything the vendor's widget was handed, in order (recorded as the fake passes it to its verifier). */
  handedOver: unknown[];
  attach(name: string, slug: string, user: TestUser): Promise<void>;
  detachAll(): Promise<void>;
  /** The page's logout of the session `name`, one of the three ways. */
  logOut(how: LogoutWay, name: string): Promise<void>;
  state(name: string): Promise<string>;
  ready(name: string): Promise<string>;
  failures(): Promise<RaceGlobals['__failures']>;
  read<K extends '__identityFetches' | '__answersRead' | '__snippetReads'>(name: K): Promise<number>;
  close(): Promise<void>;
}

const LOGOUT_WAYS = ['detachAll()', 'session.detach()', "aborting attach's signal"] as const;
type LogoutWay = (typeof LOGOUT_WAYS)[number];

const signIns = (log: WidgetLogEntry[]): WidgetLogEntry[] => log.filter((entry) => entry.call === 'sign-in');

const { context, cases, caseOf } = await vendorCasesOfCatalog();

describe('chat-identity/browser: logout and user switch while attaching, for every vendor', () => {
  let harness: BrowserLibraryHarness;
  const ada: TestUser = { sub: uniqueSub('race-ada'), email: 'ada@example.com', name: 'Ada Lovelace' };
  const grace: TestUser = { sub: uniqueSub('race-grace'), email: 'grace@example.com', name: 'Grace Hopper' };

  beforeAll(async () => {
    harness = await startBrowserLibraryHarness(context, cases, { secondIntegrations: true });
  }, 60_000);
  afterAll(() => harness?.close());
  // A failed test leaves its page and endpoint open: closed here, so that the run still ends.
  const open: RacePage[] = [];
  afterEach(async () => {
    for (const race of open.splice(0)) await race.close();
  });

  async function openRacePage(vendor: string, { clock = false, snippetLoading = false } = {}): Promise<RacePage> {
    const vendorCase = caseOf(vendor);
    const { widgetOptions = {} } = vendorCase;
    const verify = vendorCase.verifyInWidget ?? vendorCase.verify;
    const handedOver: unknown[] = [];
    const widgets = await openWidgetPage(
      harness.browser,
      harness.pageUrl,
      [{ ...vendorCase, verifyInWidget: (handed, nowMs) => (handedOver.push(handed), verify(handed, nowMs)) }],
      async (page) => {
        if (clock) await page.clock.install();
        await page.addInitScript(INSTRUMENT_PAGE);
      },
    );
    const { page } = widgets;
    const endpoint = await startHeldIdentityEndpoint(harness.apiUrl, harness.pageUrl);
    if (snippetLoading) await page.evaluate(HOLD_SNIPPET_BACK);
    await page.evaluate(`import(${JSON.stringify(`${harness.apiUrl}/sdk/chat-identity.js`)}).then((library) => { window.__library = library; })`);
    const race: RacePage = {
      page,
      widgets,
      endpoint,
      handedOver,
      attach: async (name, integration, user) =>
        page.evaluate(
          ({ name, integration, endpoint, accessToken, widgetOptions }) => {
            const globals = globalThis as unknown as RaceGlobals;
            globals.__failures ??= [];
            const signIn = ((globals.__signInsUnderWay ??= {})[name] = new AbortController());
            (globals.__sessions ??= {})[name] = globals.__library.attach({
              endpoint,
              integration,
              signal: signIn.signal,
              widgetOptions,
              getAccessToken: () => accessToken,
              onError: (failure: RaceGlobals['__failures'][number]) => globals.__failures.push({ ...failure, session: name }),
            });
          },
          { name, integration, endpoint: endpoint.url, accessToken: await userToken(user.sub, { email: user.email, name: user.name }, '1h'), widgetOptions },
        ),
      detachAll: () => page.evaluate(() => (globalThis as unknown as RaceGlobals).__library.detachAll()),
      logOut: (how, name) =>
        page.evaluate(
          async ({ how, name }) => {
            const globals = globalThis as unknown as RaceGlobals;
            if (how === 'detachAll()') await globals.__library.detachAll();
            else if (how === 'session.detach()') await globals.__sessions[name].detach();
            else globals.__signInsUnderWay[name].abort();
          },
          { how, name },
        ),
      state: (name) => page.evaluate((session) => (globalThis as unknown as RaceGlobals).__sessions[session].state, name),
      ready: (name) => page.evaluate((session) => (globalThis as unknown as RaceGlobals).__sessions[session].ready, name),
      failures: () => page.evaluate(() => (globalThis as unknown as RaceGlobals).__failures),
      read: (name) => page.evaluate((counter) => (globalThis as unknown as RaceGlobals)[counter], name),
      async close() {
        if (open.includes(race)) open.splice(open.indexOf(race), 1);
        await page.close();
        await endpoint.close();
      },
    };
    open.push(race);
    return race;
  }

  describe.each(cases.map(({ vendor }) => vendor))('%s', (vendor) => {
    const { slug } = caseOf(vendor);

    it.each(LOGOUT_WAYS)('a logout (%s) during a slow attach cancels the request: the widget never gets the credential, nothing is reported', async (how) => {
      const race = await openRacePage(vendor);
      await race.attach('ada', slug, ada);
      expect(await race.state('ada')).toBe('attaching');
      const held = await race.endpoint.next();
      await race.logOut(how, 'ada');
      await held.cancelled;
      expect(await race.ready('ada')).toBe('detached');
      expect(race.handedOver).toEqual([]);
      expect(await race.widgets.log()).toEqual([]);
      expect(await race.failures()).toEqual([]);
      expect(race.endpoint.arrived).toBe(1);
      await race.close();
    });

    it.each([429, 503])('a logout while retrying after %i stops the retries: no request, hand-off or report after it', async (status) => {
      const race = await openRacePage(vendor, { clock: true });
      await race.attach('ada', slug, ada);
      // Retry-After 30 s: the page's clock also flows in real time, and a 1 s retry could fire on a busy machine
      // before the logout below (a retry before a logout is right); 30 s of real time it does not reach.
      (await race.endpoint.next()).answer(status, 30);
      await waitUntilInPage(race.page, 'window.__failures.length > 0');
      expect(await race.failures()).toEqual([expect.objectContaining({ session: 'ada', kind: 'http', status, retrying: true })]);
      await race.detachAll();
      expect(await race.ready('ada')).toBe('detached');
      // Far past every retry the backoff (at most 60 s) would have made.
      await race.page.clock.runFor(10 * 60_000);
      expect(await race.read('__identityFetches')).toBe(1);
      expect(race.endpoint.arrived).toBe(1);
      expect(await race.failures()).toHaveLength(1);
      expect(race.handedOver).toEqual([]);
      await race.close();
    });

    it("a logout while the vendor's snippet is still loading: the snippet, once loaded, gets nothing of the user", async () => {
      const race = await openRacePage(vendor, { clock: true, snippetLoading: true });
      await race.attach('ada', slug, ada);
      const { body: answer } = await (await race.endpoint.next()).pass();
      // The library has the answer and has looked for the widget's global, which is not there yet.
      await waitUntilInPage(race.page, 'window.__snippetReads > 0');
      await race.detachAll();
      await race.page.evaluate('window.__loadSnippet()');
      await race.page.clock.runFor(60_000);
      // Glassix, Re:amaze and HubSpot take settings before their snippet loads: attached, then detached.
      expect(await race.state('ada')).toBe('detached');
      const adaValues = credentialValues(answer);
      expect(adaValues.length).toBeGreaterThan(0);
      expect(race.handedOver.filter((handed) => adaValues.some((value) => JSON.stringify(handed).includes(value)))).toEqual([]);
      expect(signIns(await race.widgets.log()).filter((entry) => entry.accepted)).toEqual([]);
      expect(await race.widgets.signedIn(vendor)).toBeUndefined();
      expect(await race.widgets.globalsMentioning(adaValues)).toEqual([]);
      expect(await race.failures()).toEqual([]);
      await race.close();
    });

    /** After a switch from Ada to Grace: the widget holds Grace, and was never handed anything of Ada's. */
    async function expectOnlyGrace(race: RacePage, adaValues: string[]): Promise<void> {
      expect(await race.ready('grace')).toBe('attached');
      expect(await race.ready('ada')).toBe('detached');
      await waitUntilInPage(race.page, 'window.__fakeWidgets.log.length > 0');
      const log = await race.widgets.log();
      expect(log).toEqual([expect.objectContaining({ vendor, call: 'sign-in', accepted: true })]);
      expect(await race.widgets.signedIn(vendor)).toBe(log[0].user);
      expect(race.handedOver.filter((handed) => [ada.email, ...adaValues].some((value) => JSON.stringify(handed).includes(value)))).toEqual([]);
      expect(await race.failures()).toEqual([]);
    }

    it("a switch to another user during the first one's attach, on the same integration, cancels the first request", async () => {
      const race = await openRacePage(vendor);
      await race.attach('ada', slug, ada);
      const heldAda = await race.endpoint.next();
      await race.attach('grace', slug, grace);
      await heldAda.cancelled;
      await (await race.endpoint.next()).pass();
      await expectOnlyGrace(race, []);
      expect(race.endpoint.arrived).toBe(2);
      await race.close();
    });

    it.each([
      ['the second user is answered first', true],
      ['the first user is answered first', false],
    ])("a switch to another user during the first one's attach, on another integration of the vendor (%s), never hands over the first", async (_order, secondFirst) => {
      const race = await openRacePage(vendor);
      await race.attach('ada', secondSlugOf(caseOf(vendor)), ada);
      const heldAda = await race.endpoint.next();
      await race.attach('grace', slug, grace);
      const heldGrace = await race.endpoint.next();
      let adaAnswer: unknown;
      let graceAnswer: unknown;
      if (secondFirst) {
        graceAnswer = (await heldGrace.pass()).body;
        expect(await race.ready('grace')).toBe('attached');
        adaAnswer = (await heldAda.pass()).body;
        await waitUntilInPage(race.page, 'window.__answersRead >= 2');
      } else {
        adaAnswer = (await heldAda.pass()).body;
        await waitUntilInPage(race.page, 'window.__answersRead >= 1');
        expect(await race.state('ada')).toBe('attaching');
        graceAnswer = (await heldGrace.pass()).body;
      }
      await expectOnlyGrace(race, credentialValues(adaAnswer, graceAnswer));
      await race.close();
    });
  });
});
