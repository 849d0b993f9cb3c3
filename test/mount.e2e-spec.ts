import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdentityService, type WidgetIdentity } from 'chat-identity';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HostAppModule } from './host/host-app.module.js';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { HOST_SESSIONS } from './host/host-auth.js';
import { createHostOwnTables, snapshotPublicSchema } from './host/host-own-tables.js';
import {
  type Call,
  claimsIfSignedWith,
  configureHostEnvironment,
  decimalUserToken,
  hostClient,
  newVendorSecret,
  type Reply,
} from './host/host-client.js';
import { type HostAdapter, type RunningHost, startHostApp } from './host/start-host-app.js';
import { emptyDatabase } from './support/database.js';

// The README's "Mount in your Nest app" host (test/host/host-app.module.ts), booted on both adapters, each on a
// database of its own where the host already has tables named integration, end_user and audit_event.
const ADAPTERS: HostAdapter[] = ['express', 'fastify'];
const ALICE = 'session-alice'; // host admin
const BOB = 'session-bob'; // signed in, no admin role
const alice = HOST_SESSIONS.get(ALICE)!;

describe.each(ADAPTERS)('chat-identity mounted in a Nest host on %s (forRootAsync + useFactory)', (adapter) => {
  let host: RunningHost;
  let call: Call;
  let database: ScratchDatabase;
  let restoreEnvironment: () => void;
  let hostSchemaBefore: Record<string, unknown>;

  // A database of the host's own, where it already has tables named like chat-identity's, with rows.
  beforeAll(async () => {
    database = await emptyDatabase(`mount_${adapter}`);
    await createHostOwnTables(database.url);
    hostSchemaBefore = await snapshotPublicSchema(database.url);
    restoreEnvironment = configureHostEnvironment(database.url);
    host = await startHostApp(HostAppModule, adapter);
    call = hostClient(host);
  });

  afterAll(async () => {
    await host?.app.close();
    restoreEnvironment?.();
    await database?.dispose();
  });

  const createIntegration = async (slug: string, secret: string): Promise<Reply> =>
    call('POST', '/chat/v1/admin/integrations', { session: ALICE, body: { slug, vendor: 'decimal', settings: {}, secret } });

  it('issues tokens to the signed-in host user and rotates the secret for a host admin', async () => {
    const slug = `mount-${adapter}-${randomUUID().slice(0, 8)}`;
    const firstSecret = newVendorSecret();
    const created = await createIntegration(slug, firstSecret);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug, vendor: 'decimal', secret: { version: 1, state: 'active' } });
    expect(JSON.stringify(created.body)).not.toContain(firstSecret);

    const first = await call('POST', `/chat/v1/identity/${slug}`, { session: ALICE });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ integration: slug, vendor: 'decimal', userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await claimsIfSignedWith(decimalUserToken(first.body), firstSecret)).toMatchObject({ email: alice.email, name: alice.name });

    const secondSecret = newVendorSecret();
    const rotated = await call('POST', `/chat/v1/admin/integrations/${slug}/secrets`, { session: ALICE, body: { secret: secondSecret } });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ version: 2, state: 'active' });

    const second = await call('POST', `/chat/v1/identity/${slug}`, { session: ALICE });
    expect(second.status).toBe(200);
    expect(second.body.userId).toBe(first.body.userId);
    expect(await claimsIfSignedWith(decimalUserToken(second.body), secondSecret)).toMatchObject({ email: alice.email });
    expect(await claimsIfSignedWith(decimalUserToken(second.body), firstSecret)).toBeNull();

    // The host's req.user is the admin the audit trail names.
    const audit = await call('GET', '/chat/v1/admin/audit?limit=50', { session: ALICE });
    expect(audit.status).toBe(200);
    const events = audit.body as unknown as Array<Record<string, unknown>>;
    expect(events.find((event) => event.target === `integration:${slug}` && event.action === 'secret.rotated')).toMatchObject({ actor: alice.id });
  });

  it("boots beside the host's own integration, end_user and audit_event tables and leaves them, and all of public, as they were", async () => {
    // The token and rotation test above wrote users, secrets and audit events: all in chat-identity's schema.
    expect(await snapshotPublicSchema(database.url)).toEqual(hostSchemaBefore);
    const dataSource = host.app.get(DataSource);
    const ours: Array<{ table_name: string }> = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'chat_identity' ORDER BY table_name`,
    );
    expect(ours.map((row) => row.table_name)).toEqual(['audit_event', 'end_user', 'integration', 'integration_secret', 'migrations']);
    const [{ users }] = await dataSource.query('SELECT count(*)::int AS users FROM chat_identity.end_user');
    expect(users).toBeGreaterThan(0);
  });

  it('answers 401 problem+json on the end-user API when nobody is signed in to the host', async () => {
    const reply = await call('POST', '/chat/v1/identity/any-integration');
    expect(reply.status).toBe(401);
    expect(reply.contentType).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ status: 401 });
  });

  it('answers 401 on the admin API without a host session and 403 to a signed-in non-admin', async () => {
    const slug = `mount-refused-${adapter}-${randomUUID().slice(0, 8)}`;
    expect((await createIntegration(slug, newVendorSecret())).status).toBe(201);

    const anonymous = await call('POST', `/chat/v1/admin/integrations/${slug}/secrets`, { body: { secret: newVendorSecret() } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.contentType).toContain('application/problem+json');

    const nonAdmin = await call('POST', `/chat/v1/admin/integrations/${slug}/secrets`, { session: BOB, body: { secret: newVendorSecret() } });
    expect(nonAdmin.status).toBe(403);
    expect(nonAdmin.contentType).toContain('application/problem+json');
    expect((await call('GET', '/chat/v1/admin/integrations', { session: BOB })).status).toBe(403);

    // Neither refused rotation stored a version.
    const versions = await call('GET', `/chat/v1/admin/integrations/${slug}/secrets`, { session: ALICE });
    expect(versions.status).toBe(200);
    expect((versions.body as unknown as unknown[]).length).toBe(1);
  });

  it('puts an x-request-id on every response of its routes, the one its problem bodies name', async () => {
    const slug = `mount-request-id-${adapter}-${randomUUID().slice(0, 8)}`;
    const replies = [
      await createIntegration(slug, newVendorSecret()),
      await call('POST', `/chat/v1/identity/${slug}`, { session: ALICE }),
      await call('GET', '/chat/v1/admin/integrations', { session: ALICE }),
      await call('POST', `/chat/v1/identity/${slug}`),
      await call('GET', '/chat/v1/admin/integrations', { session: BOB }),
    ];
    expect(replies.map((reply) => reply.status)).toEqual([201, 200, 200, 401, 403]);
    for (const reply of replies) expect(reply.requestId).toMatch(/^\S{1,128}$/);
    expect(new Set(replies.map((reply) => reply.requestId)).size).toBe(replies.length);
    for (const problem of replies.slice(3)) expect(problem.body.requestId).toBe(problem.requestId);
  });

  it("uses the caller's x-request-id, else a UUID (never Fastify's req-N counter), in the header, the problem body and the audit trail", async () => {
    const slug = `mount-caller-id-${adapter}-${randomUUID().slice(0, 8)}`;
    const callerId = `caller-${randomUUID()}`;
    const created = await call('POST', '/chat/v1/admin/integrations', {
      session: ALICE,
      body: { slug, vendor: 'decimal', settings: {}, secret: newVendorSecret() },
      headers: { 'x-request-id': callerId },
    });
    expect(created.requestId).toBe(callerId);
    const refused = await call('POST', `/chat/v1/identity/${slug}`, { headers: { 'x-request-id': callerId } });
    expect({ header: refused.requestId, body: refused.body.requestId }).toEqual({ header: callerId, body: callerId });
    const minted = await call('POST', `/chat/v1/identity/${slug}`);
    expect(minted.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(minted.body.requestId).toBe(minted.requestId);
    const audit = await call('GET', '/chat/v1/admin/audit?limit=50', { session: ALICE });
    const events = audit.body as unknown as Array<Record<string, unknown>>;
    expect(events.find((event) => event.target === `integration:${slug}` && event.action === 'integration.created')).toMatchObject({ requestId: callerId });
  });

  it("keeps field-level problems under the host's global ValidationPipe (whitelist + forbidNonWhitelisted)", async () => {
    const created = await call('POST', '/chat/v1/admin/integrations', {
      session: ALICE,
      body: { slug: 'Not A Slug', vendor: 'decimal', settings: {}, secret: newVendorSecret(), bogus: true },
    });
    expect(created.status).toBe(400);
    expect(created.contentType).toContain('application/problem+json');
    const fields = (created.body.errors as Array<{ field: string }>).map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['slug', 'bogus']));
    const audit = await call('GET', '/chat/v1/admin/audit?limit=0', { session: ALICE });
    expect(audit.status).toBe(400);
    expect(audit.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
  });

  it('serves its routes under the prefix only', async () => {
    expect((await call('POST', '/v1/identity/any-integration', { session: ALICE })).status).toBe(404);
    expect((await call('GET', '/v1/admin/integrations', { session: ALICE })).status).toBe(404);
    expect((await call('GET', '/chat/v1/admin/integrations', { session: ALICE })).status).toBe(200);
  });

  it("works on the host's own DataSource: no second connection, services injectable by the host", async () => {
    const dataSource = host.app.get(DataSource);
    const slug = `mount-service-${adapter}-${randomUUID().slice(0, 8)}`;
    expect((await createIntegration(slug, newVendorSecret())).status).toBe(201);

    // A host controller could do the same: IdentityService is exported by the (global) module.
    const externalId = `host-service-${randomUUID()}`;
    const identity: WidgetIdentity = await host.app.get(IdentityService).issue(slug, { externalId, email: 'svc@example.com' });
    const rows: Array<{ id: string }> = await dataSource.query('SELECT id FROM chat_identity.end_user WHERE external_id = $1', [externalId]);
    expect(rows).toEqual([{ id: identity.userId }]);

    // At rest, the only client checked out of the host's pool is the change feed's LISTEN connection.
    const pool = (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    expect(pool.totalCount - pool.idleCount).toBe(1);
  });
});
