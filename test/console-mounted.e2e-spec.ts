import { migratedTestDatabase } from './host/migrated-test-database.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AdminRole, type ChatIdentityModuleExtras, ChatIdentityModule } from 'chat-identity';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { type HostAdapter, type RunningHost, startHostApp } from './host/start-host-app.js';
import { waitFor } from './support/eventually.js';
import { launchChromium } from './support/chromium.js';
import { checkScreen } from './support/console-page.js';

/** The host's own sign-in: a session cookie (its value names the user here). */
const SESSIONS: Record<string, { id: string; role: AdminRole }> = { 'cookie-of-olga': { id: 'olga', role: 'operator' } };

interface CookieRequest {
  headers: Record<string, string | undefined>;
  user?: { id: string; role: AdminRole };
}

@Injectable()
class CookieSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CookieRequest>();
    const session = /(?:^|;\s*)host_session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
    request.user = session ? SESSIONS[session] : undefined;
    return true;
  }
}

const userOf = (request: unknown): CookieRequest['user'] => (request as CookieRequest).user;

function cookieHost(extras: Pick<ChatIdentityModuleExtras, 'console'> = {}) {
  @Module({
    imports: [
      migratedTestDatabase(),
      ChatIdentityModule.forRoot({
        masterKeys: [{ id: 'k1', key: randomBytes(32) }],
        adminGuard: { canActivate: (context: ExecutionContext) => userOf(context.switchToHttp().getRequest()) !== undefined },
        resolveAdminActor: (request) => userOf(request)?.id,
        resolveAdminRole: (request) => userOf(request)?.role ?? 'viewer',
        routePrefix: 'chat',
        ...extras,
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: CookieSessionGuard }],
  })
  class CookieHostModule {}
  return CookieHostModule;
}

describe.each<HostAdapter>(['express', 'fastify'])('The console mounted in a host on %s', (adapter) => {
  let browser: Browser;
  const hosts: RunningHost[] = [];
  const start = async (extras?: Pick<ChatIdentityModuleExtras, 'console'>): Promise<RunningHost> => {
    const host = await startHostApp(cookieHost(extras), adapter);
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const host of hosts) await host.app.close();
  });

  it("is at <prefix>/console, signed in by the host's own session cookie, its data calls under the prefix", async () => {
    const host = await start();
    const context = await browser.newContext();
    await context.addCookies([{ name: 'host_session', value: 'cookie-of-olga', url: host.url }]);
    const page = await context.newPage();
    const adminCalls: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/v1/admin/')) adminCalls.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${host.url}/chat/console`);
    await page.getByRole('heading', { name: 'Integrations' }).waitFor();
    await expect(page.getByTestId('signed-in').textContent()).resolves.toBe('olga (operator)');
    // An operator creates integrations: the form is there.
    await page.getByRole('heading', { name: 'Create an integration' }).waitFor();
    // The list's call may still be in flight when the headings show; it has to arrive, under the prefix.
    await waitFor('the integrations list call', () => adminCalls.some((call) => call.endsWith('/admin/integrations')));
    expect(adminCalls).toEqual(expect.arrayContaining(['200 /chat/v1/admin/me', '200 /chat/v1/admin/integrations']));
    await checkScreen(page, `mounted-${adapter}`);
    await context.close();
  });

  it('asks for a key when the host has signed no one in, and serves the page under its strict CSP', async () => {
    const host = hosts[0];
    const response = await fetch(`${host.url}/chat/console`);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await browser.newPage();
    await page.goto(`${host.url}/chat/console`);
    await page.getByLabel('Admin key').waitFor();
    await page.close();
  });

  it('moves with console.path, and is gone with console: false', async () => {
    const moved = await start({ console: { path: 'support/console' } });
    expect((await fetch(`${moved.url}/chat/support/console`)).status).toBe(200);
    expect((await fetch(`${moved.url}/chat/support/console/console.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${moved.url}/chat/console`)).status).toBe(404);
    const off = await start({ console: false });
    expect((await fetch(`${off.url}/chat/console`)).status).toBe(404);
  });
});
