// Who may do what on the standalone's admin API: named keys (ADMIN_API_KEYS=name:role:key) with the
// viewer, operator and owner roles, 403s that name the role needed, and an audit trail that names
// the admin and the role with every change and every refusal.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { ADMIN_ACTOR, type AuditEventBody, expectProblem, type HttpClient, listen, newSecret, uniqueSlug } from './support/admin-api.js';

const KEYS = {
  alice: 'alice-owner-key-0123456789abcdef',
  ops: 'ops-operator-key-0123456789abcdef',
  bot: 'support-bot-viewer-key-0123456789',
};
const as = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

describe('admin roles with named keys (ADMIN_API_KEYS=alice:owner:..., ops:operator:..., support-bot:viewer:..., and a bare key)', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_API_KEYS: `alice:owner:${KEYS.alice},ops:operator:${KEYS.ops},support-bot:viewer:${KEYS.bot},${ADMIN_KEY}` });
    http = await listen(app);
  });

  afterAll(() => app.close());

  const createAs = (key: string, slug: string) =>
    http.send('POST', '/v1/admin/integrations', { headers: as(key), body: { slug, vendor: 'decimal', settings: {}, secret: newSecret() } });

  const auditOf = async (target: string): Promise<AuditEventBody[]> => {
    const page = await http.send<AuditEventBody[]>('GET', '/v1/admin/audit?limit=500', { headers: as(KEYS.bot) });
    expect(page.status).toBe(200);
    return page.body.filter((event) => event.target === target);
  };

  it('lets a viewer read and refuses it a change with a 403 naming the role needed, audited with its name and role', async () => {
    const slug = uniqueSlug('viewer');
    expect((await createAs(KEYS.ops, slug)).status).toBe(201);
    expect((await http.send('GET', '/v1/admin/integrations', { headers: as(KEYS.bot) })).status).toBe(200);
    expect((await http.send('GET', `/v1/admin/integrations/${slug}/secrets`, { headers: as(KEYS.bot) })).status).toBe(200);

    const refused = await http.send('POST', `/v1/admin/integrations/${slug}/secrets`, { headers: as(KEYS.bot), body: { secret: newSecret() } });
    expectProblem(refused, 403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      title: 'Forbidden',
      status: 403,
      detail: 'this needs the operator role; support-bot is a viewer',
      code: 'admin_role_required',
      requiredRole: 'operator',
    });
    const versions = await http.send<unknown[]>('GET', `/v1/admin/integrations/${slug}/secrets`, { headers: as(KEYS.bot) });
    expect(versions.body).toHaveLength(1);

    const path = `/v1/admin/integrations/${slug}/secrets`;
    expect(await auditOf(`route:POST ${path}`)).toEqual([
      expect.objectContaining({ actor: 'support-bot', actorRole: 'viewer', action: 'admin.refused', details: { requiredRole: 'operator' } }),
    ]);
    const changes = await auditOf(`integration:${slug}`);
    expect(changes.map((event) => [event.action, event.actor, event.actorRole])).toEqual([
      ['secret.added', 'ops', 'operator'],
      ['integration.created', 'ops', 'operator'],
    ]);
  });

  it('lets an operator rotate and revoke a version that is not the only active one, and keeps the forced revoke for an owner', async () => {
    const slug = uniqueSlug('operator');
    expect((await createAs(KEYS.ops, slug)).status).toBe(201);
    const secrets = `/v1/admin/integrations/${slug}/secrets`;
    expect((await http.send('POST', secrets, { headers: as(KEYS.ops), body: { secret: newSecret(), activate: false } })).status).toBe(201);
    expect((await http.send('POST', `${secrets}/2/activate`, { headers: as(KEYS.ops), body: {} })).status).toBe(200);
    expect((await http.send('POST', `${secrets}/1/revoke`, { headers: as(KEYS.ops), body: {} })).status).toBe(200);

    const forcedByOperator = await http.send('POST', `${secrets}/2/revoke?force=true`, { headers: as(KEYS.ops), body: {} });
    expectProblem(forcedByOperator, 403);
    expect(forcedByOperator.body).toMatchObject({ detail: 'this needs the owner role; ops is an operator', requiredRole: 'owner' });
    expect((await http.send('POST', `${secrets}/2/revoke?force=true`, { headers: as(KEYS.alice), body: {} })).status).toBe(200);

    const changes = await auditOf(`integration:${slug}`);
    expect(changes.map((event) => [event.action, event.actor, event.actorRole])).toEqual(
      expect.arrayContaining([
        ['secret.revoked', 'alice', 'owner'],
        ['secret.revoked', 'ops', 'operator'],
        ['secret.activated', 'ops', 'operator'],
      ]),
    );
  });

  it('keeps erasure, imports, deleting integrations and master-key rotation for owners; a bare key is an owner named by its hash', async () => {
    const slug = uniqueSlug('owner');
    expect((await createAs(KEYS.ops, slug)).status).toBe(201);
    const ownerOnly: Array<[string, string, unknown]> = [
      ['DELETE', `/v1/admin/integrations/${slug}`, undefined],
      ['POST', '/v1/admin/master-key/rotate', {}],
      ['DELETE', '/v1/admin/users/someone', undefined],
      ['POST', '/v1/admin/users/import', []],
    ];
    for (const [method, path, body] of ownerOnly) {
      const refused = await http.send(method as 'POST', path, { headers: as(KEYS.ops), body });
      expectProblem(refused, 403);
      expect(refused.body).toMatchObject({ code: 'admin_role_required', requiredRole: 'owner' });
    }
    expect((await http.send('POST', '/v1/admin/master-key/rotate', { headers: as(ADMIN_KEY), body: {} })).status).toBe(200);
    const removed = await http.send('DELETE', `/v1/admin/integrations/${slug}`, { headers: as(ADMIN_KEY) });
    expect(removed.status).toBe(204);
    expect(await auditOf(`integration:${slug}`)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'integration.deleted', actor: ADMIN_ACTOR, actorRole: 'owner' })]),
    );
  });

  it('answers 401, not 403, to a key that is not configured, and never shows a key in an answer', async () => {
    const wrong = await http.send('GET', '/v1/admin/integrations', { headers: as(`${KEYS.bot}-not-it`) });
    expectProblem(wrong, 401);
    const refused = await http.send('POST', '/v1/admin/master-key/rotate', { headers: as(KEYS.bot), body: {} });
    for (const key of Object.values(KEYS)) expect(refused.text).not.toContain(key);
  });
});

describe('a bad ADMIN_API_KEYS entry', () => {
  it('stops the start with one error listing each bad entry and every other bad variable, never a key', async () => {
    const shortKey = 'tiny-key';
    const start = startTestApp({
      ADMIN_API_KEYS: `alice:admin:${KEYS.alice},:viewer:${KEYS.bot},bob:viewer:${shortKey},${KEYS.ops}`,
      PORT: 'not-a-port',
    });
    await expect(start).rejects.toThrow(/Invalid configuration/);
    const message = String(await start.catch((error: Error) => error.message));
    expect(message).toContain('the entry of alice names the unknown role "admin" (viewer, operator or owner)');
    expect(message).toContain('an entry name:role:key has an empty name');
    expect(message).toContain('the key of bob must be at least 24 characters');
    expect(message).toContain('PORT');
    for (const key of [KEYS.alice, KEYS.bot, shortKey, KEYS.ops]) expect(message).not.toContain(key);
  });
});
