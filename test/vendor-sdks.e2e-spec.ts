// The browser library against the vendors' own npm SDKs where they run offline (@intercom/messenger-js-sdk,
// crisp-sdk-web, bundled for the page with esbuild; their calls to the vendor are cut off), and the login
// callbacks of the widgets that answer one (Zendesk, tawk.to, Kustomer): a refusal reaches onError and the
// chat-identity:error event.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { adminCreate, launchChromium, waitUntilInPage } from './support/chromium.js';
import { openWidgetPage } from './support/fake-vendor-widgets.js';
import { uniqueSub } from './support/identity-api.js';
import { userToken } from './support/tokens.js';
import { type VendorCase, vendorCases } from './support/vendor-cases.js';

/** What the tests read of the library in the page. */
interface LibraryGlobals {
  __failures: Array<{ kind: string; message: string; retrying: boolean }>;
  __errorEvents: Array<{ kind: string; message: string }>;
  __session: { state: string; detach(): Promise<void> };
}

/** The vendors' SDKs as one script for the page: `window.VendorSdks.{Intercom, Crisp}`. */
async function bundleVendorSdks(): Promise<string> {
  const bundled = await build({
    stdin: { contents: "export { default as Intercom } from '@intercom/messenger-js-sdk';\nexport { Crisp } from 'crisp-sdk-web';\n", resolveDir: fileURLToPath(new URL('..', import.meta.url)) },
    bundle: true,
    format: 'iife',
    globalName: 'VendorSdks',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return bundled.outputFiles[0].text;
}

const cases = await vendorCases({ apiUrl: '' }, (vendor) => `sdk-${vendor}`);
const caseOf = (vendor: string): VendorCase => cases.find((candidate) => candidate.vendor === vendor)!;
const LOGIN_CALLBACK_VENDORS = ['zendesk', 'tawkto', 'kustomer'];
/** What each vendor's fake login callback says when it refuses (its documented error, with the verifier's reason). */
const REFUSAL = { zendesk: 'Zendesk refused the JWT', tawkto: '401 Unauthorized', kustomer: 'Kustomer refused the JWT' } as const;

describe("hand-offs in the vendors' own SDKs, in headless Chromium", () => {
  let app: NestFastifyApplication;
  let pages: Server;
  let browser: Browser;
  let apiUrl = '';
  let pageUrl = '';

  beforeAll(async () => {
    const sdks = await bundleVendorSdks();
    pages = createServer((request, response) => {
      if (request.url === '/vendor-sdks.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(sdks);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>shop</title><script src="/vendor-sdks.js"></script>');
    });
    await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    app = await startTestApp({ CORS_ORIGINS: pageUrl });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = await app.getUrl();
    const create = (body: unknown): Promise<void> => adminCreate(apiUrl, ADMIN_KEY, '/v1/admin/integrations', body);
    for (const vendor of ['intercom', 'crisp']) {
      const { slug, settings, secret } = caseOf(vendor);
      await create({ slug, vendor, settings, secret });
    }
    await create({ slug: 'sdk-intercom-au', vendor: 'intercom', settings: { ...caseOf('intercom').settings, region: 'au' }, secret: caseOf('intercom').secret });
    // Each login-callback vendor twice: with the secret its fake holds, and with another one, whose credentials it refuses.
    for (const vendor of LOGIN_CALLBACK_VENDORS) {
      const { slug, settings, secret, keyId } = caseOf(vendor);
      await create({ slug, vendor, settings, keyId, secret });
      await create({ slug: `${slug}-wrong-secret`, vendor, settings, keyId, secret: `not-the-${vendor}-secret-0123456789` });
    }
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => pages?.close(resolve));
  });

  /** A page of the shop with the SDKs loaded, cut off from everything but the shop and chat-identity. */
  async function sdkPage(): Promise<Page> {
    const page = await browser.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith(pageUrl) || url.startsWith(apiUrl) ? route.continue() : route.abort('internetdisconnected');
    });
    await page.goto(pageUrl);
    return page;
  }

  /** `attach` from the library the standalone serves, as a signed-in user; failures and error events recorded. */
  async function attach(page: Page, slug: string, widgetOptions: Record<string, unknown> = {}): Promise<string> {
    return page.evaluate(
      async ({ apiUrl, slug, accessToken, widgetOptions }) => {
        const globals = globalThis as unknown as LibraryGlobals & { addEventListener(type: string, listener: (event: { detail: never }) => void): void };
        globals.__failures = [];
        globals.__errorEvents = [];
        globals.addEventListener('chat-identity:error', (event) => globals.__errorEvents.push(event.detail));
        const library = (await import(`${apiUrl}/sdk/chat-identity.js`)) as { attach(options: unknown): LibraryGlobals['__session'] & { ready: Promise<unknown> } };
        const session = library.attach({
          endpoint: apiUrl,
          integration: slug,
          widgetOptions,
          getAccessToken: () => accessToken,
          onError: (failure: LibraryGlobals['__failures'][number]) => globals.__failures.push(failure),
        });
        globals.__session = session;
        // attach() hands the session back at once; `ready` settles once it attached, failed or was detached.
        await session.ready;
        return session.state;
      },
      { apiUrl, slug, accessToken: await userToken(uniqueSub('sdk'), { email: 'ada@example.com', name: 'Ada Lovelace' }, '1h'), widgetOptions },
    );
  }

  describe('@intercom/messenger-js-sdk', () => {
    /** The page boots the Messenger as Intercom's npm SDK documents it, for an EU workspace. */
    const bootSdk = (page: Page): Promise<unknown> =>
      page.evaluate("VendorSdks.Intercom({ app_id: 'browser-app', region: 'eu', hide_default_launcher: true })");
    const queue = (page: Page): Promise<unknown[][]> => page.evaluate('window.Intercom.q.map((args) => Array.from(args))');

    it("keeps the SDK's api_base and installation_type and the page's widgetOptions, and boots with a JWT Intercom accepts", async () => {
      const page = await sdkPage();
      await bootSdk(page);
      expect(await attach(page, caseOf('intercom').slug, { alignment: 'left' })).toBe('attached');
      const settings = (await page.evaluate('window.intercomSettings')) as Record<string, unknown>;
      expect(settings).toEqual({
        app_id: 'browser-app',
        api_base: 'https://api-iam.eu.intercom.io',
        installation_type: 'npm-package',
        hide_default_launcher: true,
        alignment: 'left',
        intercom_user_jwt: expect.any(String),
      });
      expect(await queue(page)).toEqual([['boot', settings]]);
      expect(await caseOf('intercom').verify({ intercomSettings: settings }, Date.now())).toMatchObject({ ok: true });
      await page.close();
    });

    it("sets the region's api_base when the integration names one, and leaves the page's settings without the JWT at logout", async () => {
      const page = await sdkPage();
      await bootSdk(page);
      await attach(page, 'sdk-intercom-au');
      expect(await page.evaluate('window.intercomSettings.api_base')).toBe('https://api-iam.au.intercom.io');
      await page.evaluate('window.__session.detach()');
      // The settings the Messenger was booted with are left as they were; the page's copy loses the JWT.
      expect(await queue(page)).toEqual([['boot', expect.objectContaining({ api_base: 'https://api-iam.au.intercom.io', intercom_user_jwt: expect.any(String) })], ['shutdown']]);
      expect(await page.evaluate('window.intercomSettings')).toEqual({
        app_id: 'browser-app',
        api_base: 'https://api-iam.au.intercom.io',
        installation_type: 'npm-package',
        hide_default_launcher: true,
      });
      await page.close();
    });
  });

  describe('crisp-sdk-web', () => {
    it('pushes exactly what Crisp.user.setEmail(email, hmac) pushes, with a signature Crisp accepts', async () => {
      const page = await sdkPage();
      await page.evaluate("VendorSdks.Crisp.configure('website-under-test')");
      expect(await attach(page, caseOf('crisp').slug)).toBe('attached');
      const ours = (await page.evaluate('[...window.$crisp]')) as unknown[][];
      expect(ours).toEqual([['set', 'user:email', ['ada@example.com', expect.stringMatching(/^[0-9a-f]{64}$/)]]]);
      expect(caseOf('crisp').hash!.accepts({ push: ours }, caseOf('crisp').secret!)).toBe(true);
      const [email, signature] = ours[0][2] as string[];
      await page.evaluate(([email, signature]) => {
        const sdk = (globalThis as unknown as { VendorSdks: { Crisp: { user: { setEmail(email: string, hmac: string): void } } } }).VendorSdks;
        sdk.Crisp.user.setEmail(email, signature);
      }, [email, signature]);
      const both = (await page.evaluate('[...window.$crisp]')) as unknown[][];
      expect(both).toHaveLength(2);
      expect(both[1]).toEqual(both[0]);
      await page.close();
    });
  });

  describe.each(LOGIN_CALLBACK_VENDORS)("%s's login callback", (vendor) => {
    const signIns = async (widgets: Awaited<ReturnType<typeof openWidgetPage>>): Promise<number> => (await widgets.log()).filter((entry) => entry.call === 'sign-in').length;

    it('tells onError and the error event when the vendor refuses the credential', async () => {
      const widgets = await openWidgetPage(browser, pageUrl, [caseOf(vendor)]);
      await attach(widgets.page, `${caseOf(vendor).slug}-wrong-secret`);
      await waitUntilInPage(widgets.page, 'window.__errorEvents.length > 0');
      const failures = (await widgets.page.evaluate('window.__failures')) as LibraryGlobals['__failures'];
      expect(failures).toEqual([
        expect.objectContaining({ kind: 'widget', retrying: false, message: expect.stringContaining(`The ${vendor} widget refused the credential: ${REFUSAL[vendor as keyof typeof REFUSAL]}: `) }),
      ]);
      expect(await widgets.page.evaluate('window.__errorEvents')).toEqual(failures);
      await widgets.page.close();
    });

    it('tells nothing when the vendor accepts it', async () => {
      const widgets = await openWidgetPage(browser, pageUrl, [caseOf(vendor)]);
      expect(await attach(widgets.page, caseOf(vendor).slug)).toBe('attached');
      // The fake answers the login callback in the microtask after it logs the verdict: done before this poll runs.
      await waitUntilInPage(widgets.page, "window.__fakeWidgets.log.some((entry) => entry.call === 'sign-in')");
      expect(await signIns(widgets)).toBe(1);
      expect(await widgets.page.evaluate('[window.__failures, window.__errorEvents]')).toEqual([[], []]);
      expect(await widgets.signedIn(vendor)).toEqual(expect.any(String));
      await widgets.page.close();
    });
  });
});
