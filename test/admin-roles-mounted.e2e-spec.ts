import { migratedTestDatabase } from './host/migrated-test-database.js';
// A host keeps its own sign-in: its admin guard decides who is an admin, and its resolveAdminRole hook
// maps its user to viewer, operator or owner (owner when a host gives none). On Express and on Fastify,
// a locked-out address is refused before its body is read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CanActivate, type ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { type AdminRole, ChatIdentityModule, type ChatIdentityModuleOptions } from 'chat-identity';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type HostAdapter, type RunningHost, startHostApp } from './host/start-host-app.js';
import { trackServerSockets, uploadUntilAnswered } from './support/raw-http.js';

interface StaffUser {
  id: string;
  groups: string[];
}

/** The host's users: its own groups decide who is an admin and with which role. */
const STAFF: Record<string, StaffUser> = {
  'session-olga': { id: 'olga', groups: ['chat-admins', 'chat-owners'] },
  'session-oskar': { id: 'oskar', groups: ['chat-admins', 'chat-operators'] },
  'session-vera': { id: 'vera', groups: ['chat-admins'] },
  'session-nina': { id: 'nina', groups: [] },
};

const FAILURE_BUDGET = 3;

@Injectable()
class StaffSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: StaffUser }>();
    request.user = STAFF[String(request.headers['x-staff-session'])];
    return true;
  }
}

const userOf = (request: unknown): StaffUser | undefined => (request as { user?: StaffUser }).user;

/** The example of docs/mounting.md: groups to roles. */
const roleOf = (request: unknown): AdminRole => {
  const groups = userOf(request)?.groups ?? [];
  return groups.includes('chat-owners') ? 'owner' : groups.includes('chat-operators') ? 'operator' : 'viewer';
};

type AdminSignInOptions = Pick<ChatIdentityModuleOptions, 'adminGuard' | 'resolveAdminRole' | 'adminApiKeys'>;

const staffGuard: AdminSignInOptions['adminGuard'] = {
  canActivate: (context: ExecutionContext) => userOf(context.switchToHttp().getRequest())?.groups.includes('chat-admins') ?? false,
};

function staffHost(resolveAdminRole?: (request: unknown) => AdminRole | Promise<AdminRole>) {
  // Async on purpose: a host may look the role up.
  return hostWith({ adminGuard: staffGuard, ...(resolveAdminRole ? { resolveAdminRole: async (request: unknown) => resolveAdminRole(request) } : {}) });
}

function hostWith(signIn: AdminSignInOptions) {
  @Module({
    imports: [
      migratedTestDatabase(),
      ChatIdentityModule.forRoot({
        masterKeys: [{ id: 'k1', key: randomBytes(32) }],
        ...signIn,
        rateLimit: { adminFailuresPerIpPerMinute: FAILURE_BUDGET },
        routePrefix: 'chat',
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: StaffSessionGuard }],
  })
  class StaffHostModule {}
  return StaffHostModule;
}

const ADAPTERS: HostAdapter[] = ['express', 'fastify'];

describe.each(ADAPTERS)('admin roles in a host on %s (its admin guard, its resolveAdminRole)', (adapter) => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHostApp(staffHost(roleOf), adapter);
  });

  afterAll(() => host?.app.close());

  const call = async (method: string, path: string, session?: string, body?: unknown) => {
    const response = await fetch(`${host.url}/chat${path}`, {
      method,
      headers: { ...(session ? { 'x-staff-session': session } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const integration = (slug: string) => ({ slug, vendor: 'decimal', settings: {}, secret: `vendor-secret-${randomUUID()}` });

  it('maps the host user to its role: a viewer reads, an operator changes, an owner rotates the master key', async () => {
    const slug = `staff-${adapter}-${randomUUID().slice(0, 8)}`;
    const byViewer = await call('POST', '/v1/admin/integrations', 'session-vera', integration(slug));
    expect(byViewer.status).toBe(403);
    expect(byViewer.contentType).toContain('application/problem+json');
    expect(byViewer.body).toMatchObject({ detail: 'this needs the operator role; vera is a viewer', code: 'admin_role_required', requiredRole: 'operator' });
    expect((await call('POST', '/v1/admin/integrations', 'session-oskar', integration(slug))).status).toBe(201);
    expect((await call('GET', `/v1/admin/integrations/${slug}`, 'session-vera')).status).toBe(200);
    expect((await call('POST', '/v1/admin/master-key/rotate', 'session-oskar', {})).body).toMatchObject({ status: 403, requiredRole: 'owner' });
    expect((await call('POST', '/v1/admin/master-key/rotate', 'session-olga', {})).status).toBe(200);

    const audit = await call('GET', '/v1/admin/audit?limit=500', 'session-vera');
    const events = audit.body as unknown as Array<Record<string, unknown>>;
    expect(events.find((event) => event.target === `integration:${slug}` && event.action === 'integration.created')).toMatchObject({ actor: 'oskar', actorRole: 'operator' });
    expect(events.find((event) => event.action === 'admin.refused' && event.target === 'route:POST /chat/v1/admin/integrations')).toMatchObject({ actor: 'vera', actorRole: 'viewer' });
  });

  it("keeps the host's guard the authority: a signed-in non-admin gets 403, nobody signed in 401", async () => {
    expect((await call('GET', '/v1/admin/integrations', 'session-nina')).status).toBe(403);
    expect((await call('GET', '/v1/admin/integrations')).status).toBe(401);
    const audit = (await call('GET', '/v1/admin/audit?limit=500', 'session-vera')).body as unknown as Array<Record<string, unknown>>;
    expect(audit.find((event) => event.action === 'admin.refused' && event.actor === 'nina')).toMatchObject({
      actorRole: null,
      target: 'route:GET /chat/v1/admin/integrations',
      details: { requiredRole: 'viewer' },
    });
  });

  it('refuses an address that spent its failure budget with 429 before reading its 15 MB body', async () => {
    // The 401 above spent one of the budget; spend the rest.
    for (let n = 1; n < FAILURE_BUDGET; n += 1) expect((await call('GET', '/v1/admin/integrations')).status).toBe(401);
    const serverBytesRead = trackServerSockets(host.app.getHttpServer() as Server);
    const head = `POST /chat/v1/admin/users/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${15 * 1024 * 1024}\r\nx-staff-session: session-olga\r\n\r\n`;
    const answer = await uploadUntilAnswered(Number(new URL(host.url).port), head, 15 * 1024 * 1024, serverBytesRead);
    expect(answer.status).toBe(429);
    expect(answer.serverBytesRead).toBeLessThanOrEqual(96 * 1024);
  });
});

describe.each(ADAPTERS)('a host on %s that gives no resolveAdminRole', (adapter) => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHostApp(staffHost(), adapter);
  });

  afterAll(() => host?.app.close());

  it('treats every admin its guard lets in as an owner, as before roles existed', async () => {
    const response = await fetch(`${host.url}/chat/v1/admin/master-key/rotate`, { method: 'POST', headers: { 'x-staff-session': 'session-vera', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
  });
});

const CI_KEY = 'ci-pipeline-operator-key-0123456789';

describe.each(ADAPTERS)('a host on %s that uses the built-in named keys (adminApiKeys)', (adapter) => {
  let host: RunningHost;

  beforeAll(async () => {
    host = await startHostApp(hostWith({ adminApiKeys: [{ name: 'ci', role: 'operator', key: CI_KEY }] }), adapter);
  });

  afterAll(() => host?.app.close());

  it('answers an unauthenticated 15 MB import 401 before reading its body', async () => {
    const serverBytesRead = trackServerSockets(host.app.getHttpServer() as Server);
    const head = `POST /chat/v1/admin/users/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${15 * 1024 * 1024}\r\n\r\n`;
    const answer = await uploadUntilAnswered(Number(new URL(host.url).port), head, 15 * 1024 * 1024, serverBytesRead);
    expect(answer.status).toBe(401);
    expect(answer.serverBytesRead).toBeLessThanOrEqual(96 * 1024);
  });

  it("gives the named key its role: an operator lists, and may not rotate the master key", async () => {
    const headers = { authorization: `Bearer ${CI_KEY}`, 'content-type': 'application/json' };
    expect((await fetch(`${host.url}/chat/v1/admin/integrations`, { headers })).status).toBe(200);
    const refused = await fetch(`${host.url}/chat/v1/admin/master-key/rotate`, { method: 'POST', headers, body: '{}' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ detail: 'this needs the owner role; ci is an operator', requiredRole: 'owner' });
  });
});
