import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { adminCreate, launchChromium, waitUntilInPage } from './support/chromium.js';
import { userToken } from './support/tokens.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README.md', () => {
  it('shows exactly the host module the mount tests boot', () => {
    const block = /<!-- mount-example:start -->\n```ts\n([\s\S]*?)```\n<!-- mount-example:end -->/.exec(read('../README.md'));
    expect(block?.[1]).toBe(read('./host/host-app.module.ts'));
  });
});

/** The README's `<script type="module">` of "The browser library", as a page would carry it. */
function browserLibraryBlock(): string {
  const block = /```html\n(<script type="module">[\s\S]*?<\/script>)\n```/.exec(read('../README.md'))?.[1];
  if (!block) throw new Error('README.md lost its browser library block');
  return block;
}

const INTERCOM_SECRET = 'readme-intercom-messenger-secret';
const DOCUMENTED_URL = 'https://chat-identity.example.com';

describe("README.md's browser library block in headless Chromium", () => {
  let app: NestFastifyApplication;
  let pages: Server;
  let browser: Browser;
  let pageUrl = '';
  let apiUrl = '';
  let accessToken = '';

  beforeAll(async () => {
    // The page: a stand-in Intercom that records its calls, the page's own login (`auth`), then the block.
    pages = createServer((_request, response) => {
      const page = `<!doctype html><title>shop</title><script>
        window.calls = [];
        window.Intercom = (...args) => calls.push(args);
        window.auth = { currentAccessToken: () => ${JSON.stringify(accessToken)} };
      </script>
      ${browserLibraryBlock().replaceAll(DOCUMENTED_URL, apiUrl)}`;
      response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    // Its own schema: browser-handoff.e2e-spec creates the README's slug too, in the run's one database.
    app = await startTestApp({ CORS_ORIGINS: pageUrl, DATABASE_SCHEMA: `readme_${randomBytes(4).toString('hex')}` });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = await app.getUrl();
    await adminCreate(apiUrl, ADMIN_KEY, '/v1/admin/integrations', {
      slug: 'intercom-messenger',
      vendor: 'intercom',
      settings: { appId: 'readme-app' },
      secret: INTERCOM_SECRET,
    });
    accessToken = await userToken('readme-browser-user', { email: 'ada@example.com', name: 'Ada Lovelace' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  it('attaches Intercom with a JWT signed by the Messenger secret, then detaches it (shutdown)', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
    });
    await page.goto(pageUrl);
    // The block attaches, then detaches at once: both widget calls are in once it is done.
    await waitUntilInPage(page, 'window.calls.length >= 2');
    const calls = (await page.evaluate('window.calls')) as Array<[string, { app_id: string; intercom_user_jwt: string }?]>;
    expect(calls.map(([method]) => method)).toEqual(['boot', 'shutdown']);
    const settings = calls[0][1]!;
    expect(settings.app_id).toBe('readme-app');
    const { payload } = await jwtVerify(settings.intercom_user_jwt, new TextEncoder().encode(INTERCOM_SECRET), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ email: 'ada@example.com' });
    expect(warnings).toEqual([]);
    await page.close();
  });
});
