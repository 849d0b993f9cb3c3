import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import {
  ADMIN_ACTOR,
  type AdminApi,
  adminApi,
  HS256_VENDORS,
  secretFields,
  captureLogs,
  type EndUser,
  endUser,
  expectProblem,
  type HttpClient,
  type HttpResponse,
  issueVendorToken,
  listen,
  msUntil,
  newSecret,
  requestToken,
  scratchDatabase,
  type TestVendor,
  verifiesWith,
} from './support/admin-api.js';
import { MASTER_KEY, startTestApp } from './support/app.js';
import { waitFor } from './support/eventually.js';

describe('Secret rotation', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  let database: DataSource;
  let user: EndUser;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
    database = app.get(DataSource);
    user = await endUser();
  });

  afterAll(() => app.close());

  const tokenFor = (slug: string): Promise<string> => issueVendorToken(http, slug, user);

  it.each<TestVendor>(HS256_VENDORS)(
    'rotates a %s secret: the new version is active, the old retired, tokens verify with the new secret only',
    async (vendor) => {
      const { slug, secret: oldSecret } = await admin.createIntegration(vendor);
      const before = await tokenFor(slug);
      expect(await verifiesWith(before, oldSecret)).toBe(true);

      const newSecretValue = newSecret('rotated');
      const rotated = await admin.addSecret(slug, secretFields(vendor, newSecretValue));
      expect(rotated.status).toBe(201);
      expect(rotated.body).toMatchObject({ version: 2, state: 'active', activatedAt: expect.any(String), retiredAt: null });
      expect(rotated.text).not.toContain(newSecretValue);

      const versions = await admin.secrets(slug);
      expect(versions.status).toBe(200);
      expect(versions.body.map(({ version, state }) => ({ version, state }))).toEqual([
        { version: 2, state: 'active' },
        { version: 1, state: 'retired' },
      ]);
      expect(versions.body[1].retiredAt).toEqual(expect.any(String));
      expect((await admin.get(slug)).body.secret).toEqual({ version: 2, state: 'active', fingerprint: rotated.body.fingerprint });

      const after = await tokenFor(slug);
      expect(await verifiesWith(after, newSecretValue)).toBe(true);
      expect(await verifiesWith(after, oldSecret)).toBe(false);
    },
  );

  it('stages a version (activate: false) and keeps signing with the old one until it is activated', async () => {
    const { slug, secret: current } = await admin.createIntegration('glassix');
    await tokenFor(slug);
    const next = newSecret('staged');
    const staged = await admin.addSecret(slug, { secret: next, activate: false });
    expect(staged.status).toBe(201);
    expect(staged.body).toMatchObject({ version: 2, state: 'pending', activatedAt: null });

    const whileStaged = await tokenFor(slug);
    expect(await verifiesWith(whileStaged, current)).toBe(true);
    expect(await verifiesWith(whileStaged, next)).toBe(false);
    expect((await admin.get(slug)).body.secret?.version).toBe(1);

    const activated = await admin.activate(slug, 2);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ version: 2, state: 'active', activatedAt: expect.any(String) });
    expect((await admin.secrets(slug)).body.map(({ version, state }) => ({ version, state }))).toEqual([
      { version: 2, state: 'active' },
      { version: 1, state: 'retired' },
    ]);
    const afterActivation = await tokenFor(slug);
    expect(await verifiesWith(afterActivation, next)).toBe(true);
    expect(await verifiesWith(afterActivation, current)).toBe(false);
  });

  it('revoking the active version makes token requests answer 503 problem+json (not 500) until one is activated again', async () => {
    const { slug, secret: first } = await admin.createIntegration('decimal');
    const second = newSecret('second');
    expect((await admin.addSecret(slug, { secret: second })).status).toBe(201);
    await tokenFor(slug);

    const revoked = await admin.revoke(slug, 2, { force: true });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ version: 2, state: 'revoked', revokedAt: expect.any(String) });
    const refused = await requestToken(http, slug, user);
    const problem = expectProblem(refused, 503);
    expect(problem.detail).toMatch(/no active secret/i);
    expect(refused.headers['retry-after']).toBe('60');
    expect((await admin.get(slug)).body.secret).toBeNull();

    // A retired version can be brought back (roll back), a revoked one cannot.
    const rolledBack = await admin.activate(slug, 1);
    expect(rolledBack.body).toMatchObject({ version: 1, state: 'active' });
    const token = await tokenFor(slug);
    expect(await verifiesWith(token, first)).toBe(true);
    expect(await verifiesWith(token, second)).toBe(false);

    const conflict = expectProblem(await admin.activate(slug, 2), 409);
    expect(conflict.detail).toContain('revoked');
    expect((await admin.secrets(slug)).body.map(({ version, state }) => ({ version, state }))).toEqual([
      { version: 2, state: 'revoked' },
      { version: 1, state: 'active' },
    ]);
  });

  it('answers 404 to unknown versions and integrations, 400 to a version that is not a number', async () => {
    const { slug } = await admin.createIntegration('glassix');
    expect(expectProblem(await admin.activate(slug, 99), 404).detail).toContain('99');
    expectProblem(await admin.revoke(slug, 99), 404);
    // Beyond the integer column's range: still "no such version", never a database error.
    expectProblem(await admin.activate(slug, 2_147_483_648), 404);
    expectProblem(await admin.revoke(slug, '99999999999'), 404);
    expectProblem(await admin.activate(slug, 'latest'), 400);
    expectProblem(await admin.revoke('no-such-integration-here', 1), 404);
    expectProblem(await admin.addSecret('no-such-integration-here', { secret: newSecret() }), 404);
    expectProblem(await admin.secrets('no-such-integration-here'), 404);
  });

  it.each([
    ['an empty secret', '', 'secret is required'],
    ['a 15-character secret', 'y'.repeat(15), 'secret must be at least 16 characters'],
  ])('rejects a rotation to %s (400) and keeps the active one', async (_label, secret, message) => {
    const { slug, secret: current } = await admin.createIntegration('glassix');
    const response = await admin.addSecret(slug, { secret });
    expect(expectProblem(response, 400).errors).toEqual([{ field: 'secret', message }]);
    expect((await admin.secrets(slug)).body.map(({ version, state }) => ({ version, state }))).toEqual([{ version: 1, state: 'active' }]);
    expect(await verifiesWith(await tokenFor(slug), current)).toBe(true);
  });

  it('lets the database hold at most one active secret per integration', async () => {
    const { slug } = await admin.createIntegration('glassix');
    expect((await admin.addSecret(slug, { secret: newSecret() })).status).toBe(201);
    const [{ id }] = await database.query('SELECT id FROM chat_identity.integration WHERE slug = $1', [slug]);
    await expect(
      database.query(`UPDATE chat_identity.integration_secret SET state = 'active' WHERE integration_id = $1 AND version = 1`, [id]),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505', constraint: 'uq_integration_secret_one_active' }) });
    const rows = await database.query('SELECT version, state FROM chat_identity.integration_secret WHERE integration_id = $1 ORDER BY version', [id]);
    expect(rows).toEqual([
      { version: 1, state: 'retired' },
      { version: 2, state: 'active' },
    ]);
  });

  it('serializes concurrent rotations: distinct versions, exactly one active, the newest', async () => {
    const { slug } = await admin.createIntegration('glassix');
    const secrets = Array.from({ length: 12 }, () => newSecret('concurrent'));
    const responses = await Promise.all(secrets.map((secret) => admin.addSecret(slug, { secret })));
    expect(responses.map((response) => response.status)).toEqual(secrets.map(() => 201));
    const versions = responses.map((response) => response.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 12 }, (_, index) => index + 2));

    const stored = (await admin.secrets(slug)).body;
    const active = stored.filter((version) => version.state === 'active');
    expect(active.map((version) => version.version)).toEqual([13]);
    const winner = secrets[responses.findIndex((response) => response.body.version === 13)];
    expect(await verifiesWith(await tokenFor(slug), winner)).toBe(true);
  });

  describe('two instances on one database', () => {
    let other: NestFastifyApplication;
    let httpB: HttpClient;

    beforeAll(async () => {
      other = await startTestApp();
      httpB = await listen(other);
    });

    afterAll(() => other.close());

    /** Instance B's cache is warm: it has signed with `secret` already. */
    const warmB = async (slug: string, secret: string): Promise<void> => {
      expect(await verifiesWith(await issueVendorToken(httpB, slug, user), secret)).toBe(true);
    };

    it('B signs with a secret rotated through A, told by the change feed', async () => {
      const { slug, secret: oldSecret } = await admin.createIntegration('glassix');
      await warmB(slug, oldSecret);
      const next = newSecret('propagated');
      expect((await admin.addSecret(slug, { secret: next })).status).toBe(201);
      const delay = await msUntil(async () => verifiesWith(await issueVendorToken(httpB, slug, user), next));
      console.log(`propagation to instance B: rotation seen after ${delay} ms`);
      expect(delay).not.toBeNull();
      expect(await verifiesWith(await issueVendorToken(httpB, slug, user), oldSecret)).toBe(false);
    });

    it('B stops signing with a secret revoked through A, told by the change feed', async () => {
      const { slug, secret } = await admin.createIntegration('decimal');
      await warmB(slug, secret);
      expect((await admin.revoke(slug, 1, { force: true })).status).toBe(200);
      const delay = await msUntil(async () => (await requestToken(httpB, slug, user)).status === 503);
      console.log(`propagation to instance B: revocation seen after ${delay} ms`);
      expect(delay).not.toBeNull();
      expectProblem(await requestToken(httpB, slug, user), 503);
    });

    it('B answers 404 for an integration disabled through A, told by the change feed, and 200 once re-enabled', async () => {
      const { slug, secret } = await admin.createIntegration('glassix');
      await warmB(slug, secret);
      expect((await admin.update(slug, { enabled: false })).status).toBe(200);
      const delay = await msUntil(async () => (await requestToken(httpB, slug, user)).status === 404);
      console.log(`propagation to instance B: disabling seen after ${delay} ms`);
      expect(delay).not.toBeNull();
      expectProblem(await requestToken(httpB, slug, user), 404);

      expect((await admin.update(slug, { enabled: true })).status).toBe(200);
      expect(await msUntil(async () => (await requestToken(httpB, slug, user)).status === 200)).not.toBeNull();
    });
  });

  describe('master-key rotation (on a database of its own: it re-wraps every row)', () => {
    const NEW_MASTER_KEY = `k2:${randomBytes(32).toString('base64')}`;
    let scratch: ScratchDatabase;
    const apps: NestFastifyApplication[] = [];
    const start = async (masterKeys: string, logs?: ReturnType<typeof captureLogs>) => {
      const started = await startTestApp(
        { DATABASE_URL: scratch.url, MASTER_KEYS: masterKeys, ...(logs ? { LOG_LEVEL: 'error' } : {}) },
        logs ? { logDestination: logs.destination } : {},
      );
      apps.push(started);
      const client = await listen(started);
      return { app: started, http: client, admin: adminApi(client), database: started.get(DataSource) };
    };
    const rows = (db: DataSource): Promise<Array<{ integration_id: string; version: number; state: string; master_key_id: string; fingerprint: string; ciphertext: string }>> =>
      db.query(
        `SELECT integration_id, version, state, master_key_id, fingerprint, encode(ciphertext, 'hex') AS ciphertext
           FROM chat_identity.integration_secret ORDER BY integration_id, version`,
      );

    const readiness = (client: HttpClient) => client.send<{ error?: Record<string, Record<string, unknown>> }>('GET', '/health/ready');
    const expectMasterKeyProblem = (response: HttpResponse): void => {
      const problem = expectProblem(response, 503);
      expect(problem.detail).toContain("cannot be opened with this instance's master keys");
      expect(response.headers['retry-after']).toEqual(expect.any(String));
    };

    beforeAll(async () => {
      scratch = await scratchDatabase();
    }, 60_000);

    afterAll(async () => {
      for (const started of apps) await started.close();
      await scratch?.dispose();
    });

    it('re-wraps every version under the newest key; tokens keep verifying with the same vendor secrets', async () => {
      const old = await start(MASTER_KEY);
      const glassix = await old.admin.createIntegration('glassix');
      const rotatedSecret = newSecret('glassix-v2');
      const stagedSecret = newSecret('glassix-v3');
      expect((await old.admin.addSecret(glassix.slug, { secret: rotatedSecret })).status).toBe(201);
      expect((await old.admin.addSecret(glassix.slug, { secret: stagedSecret, activate: false })).status).toBe(201);
      const decimal = await old.admin.createIntegration('decimal');
      expect(await verifiesWith(await issueVendorToken(old.http, glassix.slug, user), rotatedSecret)).toBe(true);

      const before = await rows(old.database);
      expect(before).toHaveLength(4);
      expect(new Set(before.map((row) => row.master_key_id))).toEqual(new Set(['k1']));

      // Newest first: k2 seals, k1 still opens what is not re-wrapped yet.
      const current = await start(`${NEW_MASTER_KEY},${MASTER_KEY}`);
      expect(await verifiesWith(await issueVendorToken(current.http, decimal.slug, user), decimal.secret)).toBe(true);
      const rotation = await current.admin.rotateMasterKey();
      expect(rotation.status).toBe(200);
      expect(rotation.body).toEqual({ masterKeyId: 'k2', rewrapped: 4 });
      expect(await current.admin.auditFor(rotation.headers['x-request-id'] ?? '')).toEqual([
        expect.objectContaining({
          actor: ADMIN_ACTOR,
          action: 'master-key.rotated',
          target: 'master-key:k2',
          details: { rewrapped: 4 },
          requestId: rotation.headers['x-request-id'],
        }),
      ]);

      const after = await rows(current.database);
      expect(after.map((row) => row.master_key_id)).toEqual(['k2', 'k2', 'k2', 'k2']);
      expect(after.map(({ integration_id, version, state, fingerprint }) => ({ integration_id, version, state, fingerprint }))).toEqual(
        before.map(({ integration_id, version, state, fingerprint }) => ({ integration_id, version, state, fingerprint })),
      );
      after.forEach((row, index) => expect(row.ciphertext).not.toBe(before[index].ciphertext));

      expect(await verifiesWith(await issueVendorToken(current.http, glassix.slug, user), rotatedSecret)).toBe(true);
      expect(await verifiesWith(await issueVendorToken(current.http, decimal.slug, user), decimal.secret)).toBe(true);
      // The staged version was re-wrapped too: activating it signs with its original secret.
      expect((await current.admin.activate(glassix.slug, 3)).status).toBe(200);
      expect(await verifiesWith(await issueVendorToken(current.http, glassix.slug, user), stagedSecret)).toBe(true);
      // The first instance (k1 only) signs from its cache until the activation's notification reaches
      // it (over its own LISTEN connection, so later than the answer to the activation: on a busy machine
      // a request sent at once still found the cached key and got 200). Once the notification made it
      // reload the key, now sealed under k2, it cannot sign, and says why. Fails if it never stops signing.
      await waitFor('the k1-only instance drops its cached key', async () => (await requestToken(old.http, glassix.slug, user)).status !== 200);
      expectMasterKeyProblem(await requestToken(old.http, glassix.slug, user));
      // The instance with both keys opens everything: ready, and nothing listed.
      expect((await current.admin.masterKeyStatus()).body).toEqual({
        currentMasterKeyId: 'k2',
        affectedMasterKeyIds: [],
        affectedIntegrations: [],
        unopenable: [],
      });
      expect(await msUntil(async () => (await readiness(current.http)).status === 200, 10_000)).not.toBeNull();

      // Nothing left to re-wrap: idempotent.
      expect((await current.admin.rotateMasterKey()).body).toEqual({ masterKeyId: 'k2', rewrapped: 0 });
    });

    it('an instance without the key its secrets are sealed under (removed before a re-wrap): readiness 503 naming it, tokens 503, never 500', async () => {
      const logs = captureLogs();
      const stale = await start(MASTER_KEY, logs);
      const sealed: Array<{ slug: string }> = await stale.database.query(
        `SELECT DISTINCT i.slug FROM chat_identity.integration i JOIN chat_identity.integration_secret s ON s.integration_id = i.id
          WHERE s.master_key_id = 'k2' ORDER BY i.slug`,
      );
      expect(sealed.length).toBeGreaterThanOrEqual(2);
      const slugs = sealed.map((row) => row.slug);

      const ready = await readiness(stale.http);
      expect(ready.status).toBe(503);
      expect(ready.body.error?.masterKeys).toEqual({
        status: 'down',
        affectedMasterKeyIds: ['k2'],
        affectedIntegrations: slugs,
        unopenableVersions: 4,
      });
      const status = await stale.admin.masterKeyStatus();
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ currentMasterKeyId: 'k1', affectedMasterKeyIds: ['k2'], affectedIntegrations: slugs });
      expect(status.body.unopenable).toHaveLength(4);
      for (const version of status.body.unopenable) expect(version).toMatchObject({ masterKeyId: 'k2', reason: 'master-key-not-configured' });

      const response = await requestToken(stale.http, slugs[0], user);
      expectMasterKeyProblem(response);
      // The caller learns what is wrong, not which key: that is for the operator (readiness, admin API, log).
      expect(response.text).not.toContain('k2');
      expect(logs.lines.join('\n')).toContain('sealed under master key \\"k2\\", which is not configured');

      // Re-wrapping backwards from such an instance fails as a whole and changes nothing.
      const before = await rows(stale.database);
      expectMasterKeyProblem(await stale.admin.rotateMasterKey());
      expect(await rows(stale.database)).toEqual(before);
    });

    it('the same master key id with other key bytes: readiness 503 naming it, tokens 503, the admin API says the key does not open', async () => {
      const impostor = await start(`k2:${randomBytes(32).toString('base64')}`);
      const ready = await readiness(impostor.http);
      expect(ready.status).toBe(503);
      expect(ready.body.error?.masterKeys).toMatchObject({ status: 'down', affectedMasterKeyIds: ['k2'], unopenableVersions: 4 });
      const status = await impostor.admin.masterKeyStatus();
      expect(status.body.unopenable).toHaveLength(4);
      for (const version of status.body.unopenable) expect(version).toMatchObject({ masterKeyId: 'k2', reason: 'master-key-does-not-open' });
      expectMasterKeyProblem(await requestToken(impostor.http, status.body.affectedIntegrations[0], user));
      expect(JSON.stringify(status.body)).not.toContain(NEW_MASTER_KEY.split(':')[1]);
    });
  });
});
