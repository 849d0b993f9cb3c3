import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { adminCreate, closeInTurn, launchChromium, waitUntilInPage } from './support/chromium.js';
import { checkScreen } from './support/console-page.js';
import { bearer, userToken } from './support/tokens.js';

const OWNER_KEY = 'console-owner-key-0123456789abcdef';
const VIEWER_KEY = 'console-viewer-key-0123456789abcdef';
const SLUG = `glassix-console-${randomUUID().slice(0, 8)}`;
const USER = `console-user-${randomUUID().slice(0, 8)}`;

describe('The support console, as a support engineer uses it in Chromium', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  /** A token for USER from the token endpoint, as the widget would get it. */
  const widgetToken = async (): Promise<string> => {
    const response = await fetch(`${baseUrl}/v1/identity/${SLUG}`, { method: 'POST', headers: bearer(await userToken(USER, { email: 'ada@example.com', name: 'Ada' })) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { handoff: { widgetOptions: { identityToken: string } } }).handoff.widgetOptions.identityToken;
  };

  const signIn = async (context: BrowserContext, key: string): Promise<Page> => {
    const opened = await context.newPage();
    opened.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await opened.goto(`${baseUrl}/console`);
    await opened.getByLabel('Admin key').fill(key);
    await opened.getByRole('button', { name: 'Sign in' }).click();
    await opened.getByRole('heading', { name: 'Integrations' }).waitFor();
    return opened;
  };

  const versionItem = (version: number) => page.locator(`li.version[data-version="${version}"]`);

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_API_KEYS: `ana:owner:${OWNER_KEY},vic:viewer:${VIEWER_KEY}` });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    browser = await launchChromium();
    owner = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(
    () =>
      closeInTurn([
        ['the owner context', owner && (() => owner.close())],
        ['Chromium', browser && (() => browser.close())],
        ['the app', app && (() => app.close())],
      ]),
    100_000,
  );

  it('serves the page under a strict CSP, with nothing secret in it', async () => {
    const response = await fetch(`${baseUrl}/console`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self'/);
    const page = await response.text();
    expect(page).not.toContain(OWNER_KEY);
    expect(page).toContain('src="/console/console.js"');
    expect((await fetch(`${baseUrl}/console/console.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('signs in with an admin key kept in memory only, and refuses a wrong one', async () => {
    const wrong = await owner.newPage();
    await wrong.goto(`${baseUrl}/console`);
    await checkScreen(wrong, 'sign-in');
    await wrong.getByLabel('Admin key').fill('not-a-key-of-this-service-at-all');
    await wrong.getByRole('button', { name: 'Sign in' }).click();
    await expect(wrong.getByRole('alert').textContent()).resolves.toContain('not an admin key');
    await wrong.close();
    page = await signIn(owner, OWNER_KEY);
    await expect(page.getByTestId('signed-in').textContent()).resolves.toBe('ana (owner)');
    expect(await page.evaluate('({ stored: localStorage.length + sessionStorage.length, cookies: document.cookie })')).toEqual({ stored: 0, cookies: '' });
    expect((await owner.cookies()).length).toBe(0);
  });

  it('creates an integration from the vendor settings form', async () => {
    await page.getByLabel('Vendor', { exact: true }).selectOption('glassix');
    await page.getByLabel('Slug').fill(SLUG);
    await page.getByLabel('apiKey (required)').fill(randomUUID());
    await page.getByLabel('snippetId (required)').fill('console-snippet');
    await expect(page.locator('#setting-tokenTtlSeconds-help').textContent()).resolves.toContain('at least 5 hours');
    await page.getByLabel('Vendor secret').fill('first-glassix-secret-0123456789');
    await page.getByRole('button', { name: 'Create' }).click();
    const row = page.locator(`tr[data-slug="${SLUG}"]`);
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('v1, under a minute old');
    await checkScreen(page, 'integrations');
  });

  it('stages a second secret, activates it (rotation with overlap), and counts the tokens of the last hour', async () => {
    const issuedWithV1 = await widgetToken();
    await page.goto(`${baseUrl}/console#/integrations/${SLUG}/secrets`);
    await page.getByLabel('New vendor secret').fill('second-glassix-secret-0123456789');
    await page.getByRole('button', { name: 'Add' }).click();
    await versionItem(2).locator('.badge.pending').waitFor();
    await page.getByRole('button', { name: 'Activate v2' }).click();
    await versionItem(2).locator('.badge.active').waitFor();
    await versionItem(1).locator('.badge.retired').waitFor();
    await expect(versionItem(2).locator('.history').textContent()).resolves.toMatch(/secret\.activated by ana \(owner\).*secret\.staged by ana \(owner\)/);
    await expect(page.locator('.checklist').textContent()).resolves.toContain('Require identity verification');
    await checkScreen(page, 'secrets');

    // The token v1 signed still verifies during the overlap: the inspector names the retired version.
    await page.getByRole('link', { name: 'Inspector' }).click();
    await page.getByLabel('Integration', { exact: true }).selectOption(SLUG);
    await page.getByLabel('Token').fill(issuedWithV1);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect(page.getByTestId('findings').textContent()).resolves.toMatch(/version 1/i);

    await page.getByRole('link', { name: 'Integrations' }).click();
    await expect(page.locator(`tr[data-slug="${SLUG}"] [data-testid="tokens-last-hour"]`).textContent()).resolves.toBe('1');
  });

  it('inspects a good token and a bad one, in plain words', async () => {
    const good = await widgetToken();
    await page.getByRole('link', { name: 'Inspector' }).click();
    await page.getByLabel('Integration', { exact: true }).selectOption(SLUG);
    await page.getByLabel('Token').fill(good);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect(page.locator('#findings-title').textContent()).resolves.toBe('Looks right');
    await checkScreen(page, 'inspector');
    const [header, payload] = good.split('.');
    await page.getByLabel('Token').fill(`${header}.${payload}.${'A'.repeat(43)}`);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect(page.locator('#findings-title').textContent()).resolves.toBe('Something is wrong');
    await expect(page.locator('[data-testid="findings"] .bad').first().textContent()).resolves.toMatch(/\w/);
  });

  it('inspects a signature with its signed value for a hash vendor (Help Scout)', async () => {
    const helpscout = `helpscout-console-${randomUUID().slice(0, 8)}`;
    await adminCreate(baseUrl, OWNER_KEY, '/v1/admin/integrations', { slug: helpscout, vendor: 'helpscout', settings: {}, secret: 'helpscout-beacon-secret-0123456789' });
    const response = await fetch(`${baseUrl}/v1/identity/${helpscout}`, { method: 'POST', headers: bearer(await userToken(USER, { email: 'ada@example.com' })) });
    const { identify } = ((await response.json()) as { handoff: { identify: { email: string; signature: string } } }).handoff;
    // Back to the inspector, which lists the integrations afresh (a reload would sign out: the key is in memory only).
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'Inspector' }).click();
    await page.locator(`#inspect-integration option[value="${helpscout}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Integration', { exact: true }).selectOption(helpscout);
    await page.getByLabel('Signature').fill(identify.signature);
    await page.getByLabel('Signed value').fill(identify.email);
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect(page.locator('#findings-title').textContent()).resolves.toBe('Looks right');
    await page.getByLabel('Signed value').fill('ADA@example.com');
    await page.getByRole('button', { name: 'Inspect' }).click();
    await expect(page.locator('#findings-title').textContent()).resolves.toBe('Something is wrong');
  });

  it('opens the screen a link names right after sign-in, before the first frame is painted', async () => {
    const context = await browser.newContext();
    try {
      // No frame is ever painted, as on a starved machine: the console's effects wait for preact's 100 ms fallback.
      await context.addInitScript({ content: 'window.requestAnimationFrame = () => 0;' });
      const signedIn = await signIn(context, VIEWER_KEY);
      await signedIn.evaluate("location.hash = '#/audit'");
      // A router that listened only from its first effect missed this change and stayed on Integrations.
      await signedIn.getByRole('heading', { name: 'Audit trail' }).waitFor({ timeout: 10_000 });
    } finally {
      await context.close();
    }
  });

  it('shows a viewer no revoke button, and the API refuses the viewer all the same', async () => {
    const viewerContext = await browser.newContext();
    const viewer = await signIn(viewerContext, VIEWER_KEY);
    await viewer.goto(`${baseUrl}/console#/integrations/${SLUG}/secrets`);
    await viewer.locator('li.version[data-version="2"] .badge.active').waitFor();
    expect(await viewer.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Activate/ }).count()).toBe(0);
    await viewerContext.close();
    const refused = await fetch(`${baseUrl}/v1/admin/integrations/${SLUG}/secrets/1/revoke`, { method: 'POST', headers: bearer(VIEWER_KEY) });
    expect(refused.status).toBe(403);
  });

  it('refuses to revoke the only active version, explains why, and forces it once the owner confirms', async () => {
    await page.goto(`${baseUrl}/console#/integrations/${SLUG}/secrets`);
    await page.getByRole('button', { name: 'Revoke v2' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain('every token request for');
    await expect(dialog.textContent()).resolves.toContain('will answer 503');
    const force = page.getByRole('button', { name: 'Force revoke v2' });
    expect(await force.isDisabled()).toBe(true);
    await versionItem(2).locator('.badge.active').waitFor();
    await page.getByLabel('I understand: revoke v2 anyway').check();
    await force.click();
    await versionItem(2).locator('.badge.revoked').waitFor();
    const refusedToken = await fetch(`${baseUrl}/v1/identity/${SLUG}`, { method: 'POST', headers: bearer(await userToken(USER)) });
    expect(refusedToken.status).toBe(503);
  });

  const lookUp = async (key: string): Promise<void> => {
    await page.getByLabel('External id or UUID').fill(key);
    await page.getByRole('button', { name: 'Look up' }).click();
  };

  it('looks a user up by external id, and an external id shaped like a UUID when no user has that UUID', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await lookUp(USER);
    await expect(page.getByTestId('user').textContent()).resolves.toContain('ada@example.com');
    const uuidShaped = { externalId: randomUUID(), uuid: randomUUID() };
    const imported = await fetch(`${baseUrl}/v1/admin/users/import`, { method: 'POST', headers: { ...bearer(OWNER_KEY), 'content-type': 'application/json' }, body: JSON.stringify([uuidShaped]) });
    expect(imported.status).toBe(200);

    await lookUp(uuidShaped.externalId);

    await page.getByTestId('user').filter({ hasText: uuidShaped.uuid }).waitFor();
    await expect(page.locator('#user-title').textContent()).resolves.toBe(uuidShaped.externalId);
  });

  it('looks a user up by the UUID a vendor shows and erases them after typing the external id', async () => {
    const stored = await fetch(`${baseUrl}/v1/admin/users/${USER}`, { headers: bearer(OWNER_KEY) });
    const { userId } = (await stored.json()) as { userId: string };
    await page.getByRole('link', { name: 'Users' }).click();
    await lookUp(userId.toUpperCase());
    await page.getByTestId('user').filter({ hasText: userId }).waitFor();
    await expect(page.locator('#user-title').textContent()).resolves.toBe(USER);
    await expect(page.getByTestId('user').textContent()).resolves.toContain('ada@example.com');
    const erase = page.getByRole('button', { name: 'Erase user' });
    await page.getByLabel(`Type ${USER} to confirm`).fill('someone-else');
    expect(await erase.isDisabled()).toBe(true);
    await checkScreen(page, 'users');
    await page.getByLabel(`Type ${USER} to confirm`).fill(USER);
    await erase.click();
    await page.getByTestId('erased').waitFor();
    expect((await fetch(`${baseUrl}/v1/admin/users/${USER}`, { headers: bearer(OWNER_KEY) })).status).toBe(404);
    expect((await fetch(`${baseUrl}/v1/admin/users/by-id/${userId}`, { headers: bearer(OWNER_KEY) })).status).toBe(404);
  });

  it('generates Salesforce key pairs and shows the JWKS URL the vendor reads', async () => {
    const salesforce = `salesforce-console-${randomUUID().slice(0, 8)}`;
    await page.getByRole('link', { name: 'Integrations' }).click();
    await page.getByLabel('Vendor', { exact: true }).selectOption('salesforce');
    expect(await page.getByLabel('Vendor secret').count()).toBe(0);
    await page.getByLabel('Slug').fill(salesforce);
    await page.getByLabel('issuer (required)').fill('https://app.example.com');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('link', { name: salesforce }).click();
    await expect(page.getByTestId('jwks-url').textContent()).resolves.toBe(`${baseUrl}/v1/jwks/${salesforce}`);
    await page.getByLabel(/Activate now/).check();
    await page.getByRole('button', { name: 'Generate' }).click();
    await versionItem(1).locator('.badge.active').waitFor();
    await page.getByLabel(/Activate now/).uncheck();
    await page.getByRole('button', { name: 'Generate' }).click();
    await versionItem(2).locator('.badge.pending').waitFor();
    // The vendor knows the staged key before it signs: both are in the key set, by the key ids the timeline shows.
    const keySet = (await (await fetch(`${baseUrl}/v1/jwks/${salesforce}`)).json()) as { keys: Array<{ kid: string }> };
    const shownKeyIds = await page.locator('li.version .version-head code:nth-of-type(2)').allTextContents();
    expect(keySet.keys.map((key) => key.kid).sort()).toEqual(shownKeyIds.sort());
    expect(shownKeyIds).toHaveLength(2);
  });

  it('works from the keyboard alone: sign in, then move between screens', async () => {
    const keyboardContext = await browser.newContext();
    const keyboard = await keyboardContext.newPage();
    await keyboard.goto(`${baseUrl}/console`);
    await keyboard.getByLabel('Admin key').waitFor();
    await keyboard.keyboard.press('Tab');
    expect(await keyboard.evaluate('document.activeElement.id')).toBe('admin-key');
    await keyboard.keyboard.type(VIEWER_KEY);
    await keyboard.keyboard.press('Enter');
    await keyboard.getByRole('heading', { name: 'Integrations' }).waitFor();
    const focusedText = (): Promise<unknown> => keyboard.evaluate('document.activeElement.textContent');
    for (let presses = 0; presses < 12 && (await focusedText()) !== 'Inspector'; presses += 1) await keyboard.keyboard.press('Tab');
    expect(await focusedText()).toBe('Inspector');
    await keyboard.keyboard.press('Enter');
    await keyboard.getByRole('heading', { name: 'Inspector' }).waitFor();
    await waitUntilInPage(keyboard, 'document.activeElement.tagName === "H1"');
    await keyboardContext.close();
  });

  it('shows the install snippet filled in with the slug', async () => {
    await page.goto(`${baseUrl}/console#/integrations/${SLUG}/install`);
    await expect(page.getByTestId('web-snippet').textContent()).resolves.toContain(`integration: '${SLUG}'`);
    await expect(page.getByTestId('mobile-call').textContent()).resolves.toContain(`${baseUrl}/v1/identity/${SLUG}`);
    await checkScreen(page, 'install');
  });

  it('filters the audit trail by integration, actor and action on the server, newest first', async () => {
    // The table is busy until it shows the answer to the filters as they are.
    const settled = () => page.locator('.table[aria-busy="false"]').waitFor();
    const queries: URLSearchParams[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/v1/admin/audit') queries.push(url.searchParams);
    });
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByTestId('audit-event').first().waitFor();
    await page.getByLabel('Integration', { exact: true }).selectOption(SLUG);
    await settled();
    await page.getByLabel('Action').selectOption('secret.revoke-refused');
    await settled();
    const rows = page.getByTestId('audit-event');
    await expect(rows.count()).resolves.toBe(1);
    expect(Object.fromEntries(queries[queries.length - 1])).toEqual({ limit: '100', integration: SLUG, action: 'secret.revoke-refused' });
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('Actor').fill('vic');
    await page.getByText('No event matches.').waitFor();
    await page.getByLabel('Actor').fill('ana');
    await settled();
    expect(Object.fromEntries(queries[queries.length - 1])).toEqual({ limit: '100', integration: SLUG, actor: 'ana' });
    const actions = await page.locator('[data-testid="audit-event"] td:nth-child(3)').allTextContents();
    expect(actions.filter((action) => !action.startsWith('token.'))).toEqual(['secret.revoked', 'secret.revoke-refused', 'secret.activated', 'secret.staged', 'secret.added', 'integration.created']);
    await checkScreen(page, 'audit');
  });

  it('fits a 375 px phone in dark mode without sideways scrolling, long tokens wrapped', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, colorScheme: 'dark' });
    const small = await signIn(phone, OWNER_KEY);
    expect(await small.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(18, 20, 23)');
    for (const screen of ['integrations', `integrations/${SLUG}/secrets`, `integrations/${SLUG}/install`, 'inspector', 'users', 'audit']) {
      await small.goto(`${baseUrl}/console#/${screen}`);
      await small.locator('main h1').waitFor();
      await small.waitForLoadState('networkidle');
      await checkScreen(small, `phone-${screen.split('/').pop()}`);
    }
    await phone.close();
    expect(cspViolations).toEqual([]);
  });
});

describe('The standalone console and its admin calls, without a browser', () => {
  let app: NestFastifyApplication | undefined;

  afterAll(() => app?.close());

  it('answers GET /v1/admin/me 401 as a problem without an admin key, and has no console with CONSOLE=off', async () => {
    app = await startTestApp({ CONSOLE: 'off' });
    await app.listen(0, '127.0.0.1');
    const baseUrl = await app.getUrl();
    const anonymous = await fetch(`${baseUrl}/v1/admin/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const me = await fetch(`${baseUrl}/v1/admin/me`, { headers: bearer(ADMIN_KEY) });
    expect(await me.json()).toEqual({ name: expect.stringMatching(/^admin-key:/), role: 'owner' });
    expect((await fetch(`${baseUrl}/console`)).status).toBe(404);
  });
});
