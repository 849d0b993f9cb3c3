import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page, Route } from 'playwright-core';
import { jwtVerify } from 'jose';
import { waitFor } from './support/eventually.js';
import { ADMIN_KEY, startTestApp, USER_TOKEN_SECRET } from './support/app.js';
import { type BrowserLibraryHarness, handoffValues, startBrowserLibraryHarness, vendorCasesOfCatalog } from './support/browser-library-harness.js';
import { adminCreate, launchChromium } from './support/chromium.js';

/** The page's text at `selector`, read in Node until `done` holds (the demo's CSP allows no eval, which Playwright's string predicates need). */
async function textShown(page: Page, selector: string, done: (text: string) => boolean): Promise<void> {
  const locator = page.locator(selector);
  await waitFor(`${selector} to show the expected text`, async () => done((await locator.textContent()) ?? ''));
}

describe('The development demo page, in headless Chromium', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let baseUrl = '';

  beforeAll(async () => {
    app = await startTestApp({ DEMO_PAGE: 'on' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    await adminCreate(baseUrl, ADMIN_KEY, '/v1/admin/integrations', { slug: 'demo-decimal', vendor: 'decimal', settings: {}, secret: 'demo-decimal-signing-secret' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs in a sample user, shows the hand-off, and logs the widget out before a user switch', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/demo`);
    await page.selectOption('#integration', 'demo-decimal');
    const calls = (): Promise<string[]> => page.locator('#calls > li').allInnerTexts();
    // Page-side predicates as strings: this test project is typed for Node, not the DOM.

    await page.click('[data-user=ada]');
    await textShown(page, '#state', (text) => text.startsWith('attached'));
    expect(await page.textContent('#who')).toBe('Ada Lovelace <ada@example.com>');
    const [boot] = await calls();
    expect(boot).toMatch(/^Decimal\.boot\(\{"user_token":"eyJ/);
    expect(boot).toContain('"email": "ada@example.com"');

    await page.click('[data-user=grace]');
    await textShown(page, '#who', (text) => text.startsWith('Grace'));
    await textShown(page, '#state', (text) => text.startsWith('attached'));
    const afterSwitch = await calls();
    expect(afterSwitch.map((call) => call.split('(')[0])).toEqual(['Decimal.boot', 'Decimal.shutdown', 'Decimal.boot']);
    expect(afterSwitch[2]).toContain('"email": "grace@example.com"');

    await page.click('#logout');
    await textShown(page, '#state', (text) => text === 'detached');
    expect((await calls()).map((call) => call.split('(')[0])).toEqual(['Decimal.boot', 'Decimal.shutdown', 'Decimal.boot', 'Decimal.shutdown']);
    await page.close();
  });

  it("signs its sample users in with a secret of its own, never the identity provider's, and those tokens get a widget identity", async () => {
    const session = await fetch(`${baseUrl}/demo/session/ada`, { method: 'POST' });
    const { accessToken } = (await session.json()) as { accessToken: string };
    await expect(jwtVerify(accessToken, new TextEncoder().encode(USER_TOKEN_SECRET))).rejects.toThrow();
    const identity = await fetch(`${baseUrl}/v1/identity/demo-decimal`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: '{}' });
    expect(identity.status).toBe(200);
  });

  it('refuses a token that claims to be the demo’s but is not signed with its secret', async () => {
    const session = await fetch(`${baseUrl}/demo/session/grace`, { method: 'POST' });
    const { accessToken } = (await session.json()) as { accessToken: string };
    const [header, payload] = accessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), sub: 'someone-else' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${accessToken.split('.')[2]}`;
    const identity = await fetch(`${baseUrl}/v1/identity/demo-decimal`, { method: 'POST', headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' }, body: '{}' });
    expect(identity.status).toBe(401);
  });

  it('refuses to start with DEMO_PAGE=on and NODE_ENV=production, naming DEMO_PAGE; DEMO_PAGE=force serves it', async () => {
    await expect(startTestApp({ DEMO_PAGE: 'on', NODE_ENV: 'production' })).rejects.toThrow(/^Invalid configuration:[\s\S]*DEMO_PAGE=on is refused with NODE_ENV=production/);
    const forced = await startTestApp({ DEMO_PAGE: 'force', NODE_ENV: 'production' });
    await forced.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${await forced.getUrl()}/demo`)).status).toBe(200);
    } finally {
      await forced.close();
    }
  });

  it('is not served unless development mode or DEMO_PAGE=on says so', async () => {
    const production = await startTestApp();
    await production.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${await production.getUrl()}/demo`)).status).toBe(404);
      expect((await fetch(`${await production.getUrl()}/demo/session/ada`, { method: 'POST' })).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});

const demoVendorCases = await vendorCasesOfCatalog();

describe('The demo page uses the browser library as the README shows it', () => {
  const { context, cases } = demoVendorCases;
  let harness: BrowserLibraryHarness;
  let demoUrl = '';

  beforeAll(async () => {
    // The default schema, as the other apps of this file: one process, one schema (the other browser specs have their own).
    harness = await startBrowserLibraryHarness(context, cases, { environment: { DEMO_PAGE: 'on', DATABASE_SCHEMA: 'chat_identity' } });
    demoUrl = `${harness.apiUrl}/demo`;
  }, 60_000);
  afterAll(() => harness?.close());

  /** Ada signs in to `slug`'s widget; the identity the service answered. */
  async function logInAda(page: Page, slug: string): Promise<unknown> {
    await page.goto(demoUrl);
    await page.selectOption('#integration', slug);
    const answered = page.waitForResponse((response) => response.url().includes('/v1/identity/'));
    await page.click('[data-user=ada]');
    const answer = (await (await answered).json()) as unknown;
    await textShown(page, '#state', (text) => text.startsWith('attached'));
    return answer;
  }

  it.each(cases.map(({ vendor, slug }) => [vendor, slug]))("shows everything the %s widget is handed", async (_vendor, slug) => {
    const page = await harness.browser.newPage();
    const answer = await logInAda(page, slug);
    const shown = (await page.locator('#calls > li').allInnerTexts()).join('\n');
    const values = handoffValues(answer);
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((value) => !shown.includes(value))).toEqual([]);
    await page.close();
  });

  it.each([375, 1280])('wraps long tokens: no horizontal scrolling at %i px', async (width) => {
    const page = await harness.browser.newPage({ viewport: { width, height: 800 } });
    await logInAda(page, 'browser-salesforce');
    expect(await page.locator('#calls > li').count()).toBeGreaterThan(0);
    expect(await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')).toEqual([width, width]);
    await page.close();
  });

  it('a logout while attaching cancels the request: the widget never gets the credential', async () => {
    const page = await harness.browser.newPage();
    const held = new Promise<Route>((resolve) => void page.route('**/v1/identity/**', (route) => resolve(route)));
    const cancelled = page.waitForEvent('requestfailed', (request) => request.url().includes('/v1/identity/'));
    await page.goto(demoUrl);
    await page.selectOption('#integration', 'browser-kustomer');
    await page.click('[data-user=ada]');
    const route = await held;
    expect(await page.textContent('#state')).toBe('attaching');
    await page.click('#logout');
    expect((await cancelled).failure()?.errorText).toMatch(/ERR_ABORTED/);
    await route.continue(); // too late: the page cancelled the request, no answer reaches it
    expect(await page.locator('#calls > li').allInnerTexts()).toEqual([]);
    expect([await page.textContent('#who'), await page.textContent('#state')]).toEqual(['nobody', 'detached']);
    await page.close();
  });
});
