import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { adminCreate, launchChromium } from './support/chromium.js';

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
    const text = (selector: string): string => `document.querySelector('${selector}').textContent`;

    await page.click('[data-user=ada]');
    await page.waitForFunction(`${text('#state')}.startsWith('attached')`);
    expect(await page.textContent('#who')).toBe('Ada Lovelace <ada@example.com>');
    const [boot] = await calls();
    expect(boot).toMatch(/^Decimal\.boot\(\{"user_token":"eyJ/);
    expect(boot).toContain('"email": "ada@example.com"');

    await page.click('[data-user=grace]');
    await page.waitForFunction(`${text('#who')}.startsWith('Grace')`);
    await page.waitForFunction(`${text('#state')}.startsWith('attached')`);
    const afterSwitch = await calls();
    expect(afterSwitch.map((call) => call.split('(')[0])).toEqual(['Decimal.boot', 'Decimal.shutdown', 'Decimal.boot']);
    expect(afterSwitch[2]).toContain('"email": "grace@example.com"');

    await page.click('#logout');
    await page.waitForFunction(`${text('#state')} === 'detached'`);
    expect((await calls()).map((call) => call.split('(')[0])).toEqual(['Decimal.boot', 'Decimal.shutdown', 'Decimal.boot', 'Decimal.shutdown']);
    await page.close();
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
