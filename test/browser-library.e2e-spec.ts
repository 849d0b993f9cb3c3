import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { VENDOR_IDS } from '../src/vendors/vendor-catalog.js';
import { type BrowserLibraryHarness, startBrowserLibraryHarness, vendorCasesOfCatalog } from './support/browser-library-harness.js';
import { openWidgetPage, type WidgetLogEntry, type WidgetPage } from './support/fake-vendor-widgets.js';
import { uniqueSub } from './support/identity-api.js';
import { userToken } from './support/tokens.js';

/** What the tests read of the library's session and failures in the page. */
interface LibraryGlobals {
  __accessToken: string;
  __failures: Array<{ kind: string; status?: number; retrying: boolean; retryInMs?: number; requestId?: string; attempt: number }>;
  __session: { state: string; ready: Promise<string>; userId?: string; detach(): Promise<void> };
}

interface TestUser {
  sub: string;
  email: string;
  name: string;
}

/** Reads `read` until `done` holds (the widgets verify asynchronously); the last value either way. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

const signIns = (log: WidgetLogEntry[]): WidgetLogEntry[] => log.filter((entry) => entry.call === 'sign-in');

// The vendors this server registers (every one of them must have a case: see 'knows every vendor').
const { context, everyCase, cases, caseOf } = await vendorCasesOfCatalog();

describe('chat-identity/browser in headless Chromium, against fake vendor widgets', () => {
  let harness: BrowserLibraryHarness;
  let apiUrl = '';
  let pageUrl = '';
  const ada: TestUser = { sub: uniqueSub('browser-ada'), email: 'ada@example.com', name: 'Ada Lovelace' };
  const grace: TestUser = { sub: uniqueSub('browser-grace'), email: 'grace@example.com', name: 'Grace Hopper' };
  const tokenOf = (user: TestUser): Promise<string> => userToken(user.sub, { email: user.email, name: user.name }, '1h');

  beforeAll(async () => {
    harness = await startBrowserLibraryHarness(context, cases);
    ({ apiUrl, pageUrl } = harness);
  }, 60_000);
  afterAll(() => harness?.close());

  const openPage = (vendor: string, setup?: Parameters<typeof openWidgetPage>[3]): Promise<WidgetPage> =>
    openWidgetPage(harness.browser, pageUrl, [caseOf(vendor)], setup);

  /** Loads the library the standalone serves, then `attach` as `user`; the session's state. */
  async function attachAs(widgets: WidgetPage, vendor: string, user: TestUser): Promise<string> {
    return widgets.page.evaluate(
      async ({ apiUrl, slug, accessToken, widgetOptions }) => {
        const page = globalThis as unknown as LibraryGlobals;
        page.__accessToken = accessToken;
        page.__failures ??= [];
        const library = (await import(`${apiUrl}/sdk/chat-identity.js`)) as {
          attach(options: unknown): LibraryGlobals['__session'];
        };
        page.__session = library.attach({
          endpoint: apiUrl,
          integration: slug,
          widgetOptions,
          getAccessToken: () => page.__accessToken,
          onError: (failure: LibraryGlobals['__failures'][number]) => page.__failures.push(failure),
        });
        return page.__session.ready;
      },
      { apiUrl, slug: caseOf(vendor).slug, accessToken: await tokenOf(user), widgetOptions: caseOf(vendor).widgetOptions ?? {} },
    );
  }
  const sessionUserId = (widgets: WidgetPage): Promise<string | undefined> =>
    widgets.page.evaluate(() => (globalThis as unknown as LibraryGlobals).__session.userId);
  const detach = (widgets: WidgetPage): Promise<string> =>
    widgets.page.evaluate(async () => {
      const { __session: session } = globalThis as unknown as LibraryGlobals;
      await session.detach();
      return session.state;
    });
  const failures = (widgets: WidgetPage): Promise<LibraryGlobals['__failures']> =>
    widgets.page.evaluate(() => (globalThis as unknown as LibraryGlobals).__failures);

  const vendors = cases.map((candidate) => candidate.vendor);

  // Fails if a vendor the server registers has no case here, or no hand-off in the library's vendor
  // table (or the table hands off to a vendor the server does not know).
  it('has a case, and the library a hand-off, for every vendor the server knows', async () => {
    expect(VENDOR_IDS.filter((vendor) => !everyCase.some((candidate) => candidate.vendor === vendor))).toEqual([]);
    expect([...vendors].sort()).toEqual([...VENDOR_IDS].sort());
    // The built library's table, the one served to pages (its source is typed for the browser, not Node).
    const library = (await import(new URL('../dist/src/browser/vendor-widgets.js', import.meta.url).href)) as { VENDOR_WIDGETS: Record<string, unknown> };
    expect(Object.keys(library.VENDOR_WIDGETS).sort()).toEqual([...VENDOR_IDS].sort());
  });

  it('serves the library the package exports, as JavaScript', async () => {
    const response = await fetch(`${apiUrl}/sdk/chat-identity.js`, { headers: { origin: pageUrl } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('access-control-allow-origin')).toBe(pageUrl);
    const exported = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).exports['./browser'].default as string;
    expect(await response.text()).toBe(readFileSync(new URL(`../${exported}`, import.meta.url), 'utf8'));
    expect((await fetch(`${apiUrl}/sdk/nothing-here.js`)).status).toBe(404);
  });

  describe.each(vendors)('%s', (vendor) => {
    it('attach hands the widget a credential the vendor accepts, and keeps nothing in storage', async () => {
      const widgets = await openPage(vendor);
      expect(await attachAs(widgets, vendor, ada)).toBe('attached');
      const [signIn, ...more] = signIns(await until(widgets.log, (log) => signIns(log).length > 0));
      expect(signIn).toMatchObject({ vendor, accepted: true });
      expect(more).toEqual([]);
      expect(await widgets.signedIn(vendor)).toBe(signIn.user);
      expect(await failures(widgets)).toEqual([]);
      expect(await widgets.storage()).toEqual({ local: 0, session: 0, cookies: '' });
      await widgets.page.close();
    });

    it(caseOf(vendor).lifetimeSeconds === null ? 'never asks again for a credential that never expires' : 'refreshes the credential before it expires', async () => {
      const { lifetimeSeconds } = caseOf(vendor);
      let identityRequests = 0;
      const widgets = await openPage(vendor, async (page) => {
        await page.clock.install();
        page.on('request', (request) => void (request.method() === 'POST' && request.url().includes('/v1/identity/') && identityRequests++));
      });
      await attachAs(widgets, vendor, ada);
      const [first] = signIns(await until(widgets.log, (log) => signIns(log).length > 0));
      if (lifetimeSeconds === null) {
        expect(first.expiresAtMs).toBeUndefined();
        await widgets.page.clock.runFor(7 * 24 * 3600_000);
        expect(identityRequests).toBe(1);
        expect(signIns(await widgets.log())).toHaveLength(1);
        expect(await widgets.signedIn(vendor)).toBe(first.user);
        await widgets.page.close();
        return;
      }
      expect(first.expiresAtMs).toBeDefined();
      // Just before expiry, and then past the first credential's expiry: the widget holds a valid one throughout.
      await widgets.page.clock.runFor(lifetimeSeconds! * 900);
      const afterRefresh = signIns(await until(widgets.log, (log) => signIns(log).length > 1));
      expect(afterRefresh.length).toBeGreaterThan(1);
      const refreshed = afterRefresh[afterRefresh.length - 1];
      expect(refreshed).toMatchObject({ accepted: true, user: first.user });
      expect(refreshed.at).toBeLessThan(first.expiresAtMs!);
      expect(afterRefresh.every((entry) => entry.accepted && !entry.replacedWithoutLogout)).toBe(true);
      expect(await widgets.signedIn(vendor)).toBe(first.user);
      await widgets.page.close();
    });

    it("detach runs the vendor's logout and forgets the user", async () => {
      const widgets = await openPage(vendor);
      await attachAs(widgets, vendor, ada);
      await until(widgets.log, (log) => signIns(log).length > 0);
      const userId = (await sessionUserId(widgets))!;
      expect(await detach(widgets)).toBe('detached');
      const log = await widgets.log();
      expect(log[log.length - 1]).toMatchObject({ vendor, call: 'logout', user: log[0].user });
      expect(await widgets.signedIn(vendor)).toBeUndefined();
      expect(await sessionUserId(widgets)).toBeUndefined();
      expect(await widgets.globalsMentioning([userId, ada.email])).toEqual([]);
      expect(await widgets.storage()).toEqual({ local: 0, session: 0, cookies: '' });
      await widgets.page.close();
    });

    it.each([
      ['detach, then attach', true],
      ['attach again without detaching', false],
    ])("a user switch (%s) never shows the first user's identity to the second", async (_label, detachFirst) => {
      const widgets = await openPage(vendor);
      await attachAs(widgets, vendor, ada);
      await until(widgets.log, (log) => signIns(log).length > 0);
      const adaId = (await sessionUserId(widgets))!;
      if (detachFirst) await detach(widgets);
      expect(await attachAs(widgets, vendor, grace)).toBe('attached');
      const log = await until(widgets.log, (entries) => signIns(entries).length > 1);
      const [adaSignIn, graceSignIn] = signIns(log);
      expect(graceSignIn).toMatchObject({ accepted: true });
      expect(graceSignIn.user).not.toBe(adaSignIn.user);
      expect(log.map((entry) => [entry.call, entry.user])).toEqual([
        ['sign-in', adaSignIn.user],
        ['logout', adaSignIn.user],
        ['sign-in', graceSignIn.user],
      ]);
      expect(graceSignIn.replacedWithoutLogout).toBeUndefined();
      expect(await widgets.signedIn(vendor)).toBe(graceSignIn.user);
      expect(await widgets.globalsMentioning([adaId, ada.email])).toEqual([]);
      await widgets.page.close();
    });

    it('a token endpoint answering 503 twice, then 200, ends attached, with onError told each time', async () => {
      let answered = 0;
      const widgets = await openPage(vendor, (page) =>
        page.route(`${apiUrl}/v1/identity/${caseOf(vendor).slug}`, async (route) => {
          if (route.request().method() !== 'POST' || answered++ >= 2) return route.continue();
          await route.fulfill({
            status: 503,
            headers: {
              'content-type': 'application/problem+json',
              'retry-after': '1',
              'x-request-id': `outage-${answered}`,
              'access-control-allow-origin': pageUrl,
              'access-control-expose-headers': 'x-request-id, retry-after',
            },
            body: JSON.stringify({ type: 'https://chat-identity.dev/problems/service-unavailable', title: 'Service Unavailable', status: 503, detail: 'The database is unavailable.' }),
          });
        }),
      );
      expect(await attachAs(widgets, vendor, ada)).toBe('attached');
      expect(answered).toBe(3);
      expect(await failures(widgets)).toEqual([
        expect.objectContaining({ kind: 'http', status: 503, retrying: true, requestId: 'outage-1', attempt: 1 }),
        expect.objectContaining({ kind: 'http', status: 503, retrying: true, requestId: 'outage-2', attempt: 2 }),
      ]);
      for (const failure of await failures(widgets)) expect(failure.retryInMs).toBeGreaterThanOrEqual(1000);
      const [signIn] = signIns(await until(widgets.log, (log) => signIns(log).length > 0));
      expect(signIn).toMatchObject({ accepted: true });
      await widgets.page.close();
    });
  });
});
