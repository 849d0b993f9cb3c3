import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { waitUntilInPage } from './support/chromium.js';
import { type FakeHubSpot, startFakeHubSpot } from './support/fake-hubspot-server.js';
import { userToken } from './support/tokens.js';
import { type HashCase, vendorCases } from './support/vendor-cases.js';

/** Each hash vendor's check, from its folder's case. */
const HASH_CHECKS = new Map((await vendorCases({ apiUrl: '' }, (vendor) => vendor)).map((found) => [found.vendor, found.hash] as const));
const hashCheckOf = (vendor: string): HashCase => {
  const check = HASH_CHECKS.get(vendor);
  if (!check) throw new Error(`${vendor} has no hash case`);
  return check;
};

/** The browser code of README.md: the shared helper, and the snippet of each vendor's section. */
function readmeSnippets(): { helper: string; byVendor: Map<string, string> } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const jsBlocks = (text: string): string[] => [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]);
  const helper = jsBlocks(readme).find((block) => block.includes('async function chatIdentity'));
  if (!helper) throw new Error('README.md lost its chatIdentity helper');
  const byVendor = new Map<string, string>();
  for (const section of readme.split(/^### /m).slice(1)) {
    const [snippet] = jsBlocks(section);
    if (snippet) byVendor.set(section.split('\n')[0].trim().toLowerCase(), snippet);
  }
  return { helper, byVendor };
}

// Stand-ins for the vendors' widget SDKs: they record the calls the README snippets make.
const FAKE_WIDGETS = `<!doctype html><title>shop</title><script>
  window.calls = [];
  window.Gladly = { setUser: (user) => calls.push(['Gladly.setUser', user]) };
  window.Decimal = { boot: (options) => calls.push(['Decimal.boot', options]) };
  window.Tiledesk = (...args) => calls.push(['Tiledesk', ...args]);
  window.HubSpotConversations = { widget: { load: () => calls.push(['HubSpotConversations.widget.load', window.hsConversationsSettings]) } };
  window.Beacon = (...args) => calls.push(['Beacon', ...args]);
  window.FrontChat = (...args) => calls.push(['FrontChat', ...args]);
  window.$chatwoot = { setUser: (...args) => calls.push(['$chatwoot.setUser', ...args]) };
  window.$crisp = { push: (command) => calls.push(['$crisp.push', command]) };
  window.Tawk_API = { login: (data, callback) => { calls.push(['Tawk_API.login', data]); callback(); } };
  window.Intercom = (...args) => calls.push(['Intercom', ...args]);
  // Zendesk's loginUser hands the page a callback to answer with the JWT.
  window.zE = (...args) => typeof args[2] === 'function' ? args[2]((jwt) => calls.push(['zE', args[0], args[1], jwt])) : calls.push(['zE', ...args]);
  window.Kustomer = { login: (options) => calls.push(['Kustomer.login', options]) };
  window.embeddedservice_bootstrap = { userVerificationAPI: { setIdentityToken: (options) => calls.push(['setIdentityToken', options]) } };
</script>`;

const HASH_SECRET = 'a-hash-vendor-secret-key';

/** The README's hash-vendor snippets: the README section, the slug it uses, and the hand-off rebuilt from what reached the widget. */
const HASH_SNIPPETS: Array<{ section: string; slug: string; vendor: string; handoff: (page: Page) => Promise<Record<string, unknown>> }> = [
  { section: 'help scout', slug: 'helpscout-beacon', vendor: 'helpscout', handoff: async (page) => ({ identify: (await onlyCall(page, 'Beacon', 'identify'))[0] }) },
  { section: 'front', slug: 'front-chat', vendor: 'front', handoff: async (page) => ({ init: (await onlyCall(page, 'FrontChat', 'init'))[0] }) },
  {
    section: 'chatwoot',
    slug: 'chatwoot-inbox',
    vendor: 'chatwoot',
    handoff: async (page) => {
      const [identifier, user] = await onlyCall(page, '$chatwoot.setUser');
      return { setUser: { identifier, user } };
    },
  },
  { section: 'crisp', slug: 'crisp-chatbox', vendor: 'crisp', handoff: async (page) => ({ push: await onlyCall(page, '$crisp.push') }) },
  { section: 'tawk.to', slug: 'tawkto-widget', vendor: 'tawkto', handoff: async (page) => ({ login: (await onlyCall(page, 'Tawk_API.login'))[0] }) },
  { section: 're:amaze', slug: 'reamaze-widget', vendor: 'reamaze', handoff: async (page) => ({ user: await page.evaluate("window._support['user']") }) },
];

/** The arguments of the one widget call the snippet made, after the expected leading ones. */
async function onlyCall(page: Page, ...expected: string[]): Promise<unknown[]> {
  const calls = (await page.evaluate('window.calls')) as unknown[][];
  expect(calls).toHaveLength(1);
  expect(calls[0].slice(0, expected.length)).toEqual(expected);
  return calls[0].slice(expected.length);
}

const SECRETS = {
  glassix: 'glassix-department-api-secret',
  decimal: 'decimal-jwt-signing-secret-00',
  tiledesk: 'tiledesk-project-shared-secret',
  intercom: 'intercom-messenger-api-secret',
  zendesk: 'zendesk-signing-key-shared-secret',
  kustomer: 'kustomer-chat-secret-000000',
};

describe('README browser snippets in headless Chromium', () => {
  const snippets = readmeSnippets();
  let app: NestFastifyApplication;
  let pages: Server;
  let browser: Browser;
  let hubspot: FakeHubSpot;
  let apiUrl = '';
  let pageUrl = '';

  beforeAll(async () => {
    pages = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(FAKE_WIDGETS));
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    app = await startTestApp({ CORS_ORIGINS: pageUrl });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = await app.getUrl();
    hubspot = await startFakeHubSpot();
    const integrations = [
      { slug: 'glassix-support', vendor: 'glassix', settings: { apiKey: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', snippetId: 'snippet-1' }, secret: SECRETS.glassix },
      { slug: 'gladly-help', vendor: 'gladly', settings: { mode: 'standard' } },
      { slug: 'decimal-support', vendor: 'decimal', settings: {}, secret: SECRETS.decimal },
      { slug: 'tiledesk-web', vendor: 'tiledesk', settings: { projectId: 'project-1' }, secret: SECRETS.tiledesk },
      { slug: 'hubspot-chat', vendor: 'hubspot', settings: { baseUrl: hubspot.url }, secret: hubspot.privateAppToken },
      ...HASH_SNIPPETS.map(({ slug, vendor }) => ({ slug, vendor, settings: {}, secret: HASH_SECRET })),
      { slug: 'intercom-messenger', vendor: 'intercom', settings: { appId: 'app-1' }, secret: SECRETS.intercom },
      { slug: 'zendesk-messaging', vendor: 'zendesk', settings: {}, secret: SECRETS.zendesk, keyId: 'app_1' },
      { slug: 'kustomer-chat', vendor: 'kustomer', settings: {}, secret: SECRETS.kustomer },
      { slug: 'salesforce-messaging', vendor: 'salesforce', settings: { issuer: 'https://app.example.com' } },
    ];
    for (const integration of integrations) {
      const response = await fetch(`${apiUrl}/v1/admin/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(integration),
      });
      if (response.status !== 201) throw new Error(`creating ${integration.slug}: ${response.status} ${await response.text()}`);
    }
    const generated = await fetch(`${apiUrl}/v1/admin/integrations/salesforce-messaging/secrets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ generate: true }),
    });
    if (generated.status !== 201) throw new Error(`generating a key pair: ${generated.status} ${await generated.text()}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await hubspot?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  /** Runs the README helper plus one vendor's snippet in a fresh page, as a logged-in user. */
  async function runSnippet(vendor: string): Promise<Page> {
    const snippet = snippets.byVendor.get(vendor);
    if (!snippet) throw new Error(`README.md has no browser snippet for ${vendor}`);
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const accessToken = await userToken(`browser-user-${vendor}`, { email: 'ada@example.com', name: 'Ada Lovelace' });
    const helper = snippets.helper.replace('https://chat-identity.example.com', apiUrl);
    await page.evaluate(`(async () => { const accessToken = ${JSON.stringify(accessToken)};\n${helper}\n${snippet}\n})()`);
    return page;
  }

  const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

  it('hands Glassix its widgetOptions, with a token verifying under the department secret', async () => {
    const page = await runSnippet('glassix');
    const options = (await page.evaluate('window.widgetOptions')) as Record<string, string>;
    const { payload } = await jwtVerify(options.identityToken, key(SECRETS.glassix), { algorithms: ['HS256'] });
    expect(payload.aud).toBe(options.uniqueIdentifier);
    expect(options).toMatchObject({ apiKey: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', snippetId: 'snippet-1' });
  });

  it('calls Gladly.setUser with the user', async () => {
    const page = await runSnippet('gladly');
    expect(await page.evaluate('window.calls')).toEqual([['Gladly.setUser', { name: 'Ada Lovelace', email: 'ada@example.com' }]]);
  });

  it('boots Decimal with a user_token it can verify', async () => {
    const page = await runSnippet('decimal');
    const [[call, options]] = (await page.evaluate('window.calls')) as Array<[string, { user_token: string }]>;
    expect(call).toBe('Decimal.boot');
    const { payload } = await jwtVerify(options.user_token, key(SECRETS.decimal), { algorithms: ['HS256'] });
    expect(payload.email).toBe('ada@example.com');
  });

  it('signs in to Tiledesk with a "JWT "-prefixed token, after setting tiledeskSettings', async () => {
    const page = await runSnippet('tiledesk');
    expect(await page.evaluate('window.tiledeskSettings')).toEqual({ projectid: 'project-1', autoStart: false });
    const [[call, method, credential]] = (await page.evaluate('window.calls')) as Array<[string, string, string]>;
    expect([call, method]).toEqual(['Tiledesk', 'signInWithCustomToken']);
    expect(credential.startsWith('JWT ')).toBe(true);
    const { payload } = await jwtVerify(credential.slice(4), key(SECRETS.tiledesk), { algorithms: ['HS256'] });
    expect(payload.aud).toBe('https://tiledesk.com/projects/project-1');
  });

  it('sets hsConversationsSettings with the token HubSpot minted, then loads the HubSpot widget', async () => {
    const page = await runSnippet('hubspot');
    expect(await page.evaluate('window.calls')).toEqual([
      [
        'HubSpotConversations.widget.load',
        { loadImmediately: false, identificationEmail: 'ada@example.com', identificationToken: hubspot.requests[0].token },
      ],
    ]);
  });

  it.each(HASH_SNIPPETS)('hands the $vendor widget a signature its verifier accepts', async ({ section, vendor, handoff }) => {
    const page = await runSnippet(section);
    expect(hashCheckOf(vendor).accepts(await handoff(page), HASH_SECRET)).toBe(true);
  });

  it("boots Intercom with intercomSettings whose JWT verifies under the Messenger secret", async () => {
    const page = await runSnippet('intercom');
    const settings = (await page.evaluate('window.intercomSettings')) as { app_id: string; intercom_user_jwt: string };
    expect(settings.app_id).toBe('app-1');
    const { payload } = await jwtVerify(settings.intercom_user_jwt, key(SECRETS.intercom), { algorithms: ['HS256'] });
    expect(payload.email).toBe('ada@example.com');
  });

  it("answers Zendesk's loginUser callback with a JWT of the signing key named by kid", async () => {
    const page = await runSnippet('zendesk');
    await waitUntilInPage(page, 'window.calls.length > 0');
    const [[call, target, method, jwt]] = (await page.evaluate('window.calls')) as Array<[string, string, string, string]>;
    expect([call, target, method]).toEqual(['zE', 'messenger', 'loginUser']);
    const { payload, protectedHeader } = await jwtVerify(jwt, key(SECRETS.zendesk), { algorithms: ['HS256'] });
    expect(protectedHeader.kid).toBe('app_1');
    expect(payload.scope).toBe('user');
  });

  it('logs in to Kustomer with a JWT of the chat secret', async () => {
    const page = await runSnippet('kustomer');
    const [[call, options]] = (await page.evaluate('window.calls')) as Array<[string, { jwtToken: string }]>;
    expect(call).toBe('Kustomer.login');
    const { payload } = await jwtVerify(options.jwtToken, key(SECRETS.kustomer), { algorithms: ['HS256'] });
    expect(payload.externalId).toEqual(expect.any(String));
  });

  it('sets the Salesforce identity token once messaging is ready, verifiable with our published key set', async () => {
    const page = await runSnippet('salesforce');
    await page.evaluate("window.dispatchEvent(new Event('onEmbeddedMessagingReady'))");
    await waitUntilInPage(page, 'window.calls.length > 0');
    const [[call, options]] = (await page.evaluate('window.calls')) as Array<[string, { identityTokenType: string; identityToken: string }]>;
    expect([call, options.identityTokenType]).toEqual(['setIdentityToken', 'JWT']);
    const keySet = createRemoteJWKSet(new URL(`${apiUrl}/v1/jwks/salesforce-messaging`));
    const { payload } = await jwtVerify(options.identityToken, keySet, { algorithms: ['RS256'], issuer: 'https://app.example.com' });
    expect(payload.sub).toEqual(expect.any(String));
  });

  it('refuses the browser when its origin is not in CORS_ORIGINS', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl.replace('127.0.0.1', 'localhost'));
    const outcome = await page.evaluate(
      `fetch(${JSON.stringify(`${apiUrl}/v1/identity/decimal-support`)}, { method: 'POST', headers: { Authorization: 'Bearer x' } }).then(() => 'answered', () => 'blocked')`,
    );
    expect(outcome).toBe('blocked');
  });
});
