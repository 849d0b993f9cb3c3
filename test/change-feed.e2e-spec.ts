import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { ChangeFeedService } from '../src/change-feed/change-feed.service.js';
import { type AdminApi, adminApi, type EndUser, endUser, type HttpClient, issueVendorToken, listen, msUntil, newSecret, verifiesWith } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { type CuttableProxy, startCuttableProxy } from './support/cuttable-proxy.js';
import { testDatabaseUrl } from './support/database.js';
import { waitFor } from './support/eventually.js';

/**
 * Two instances on one database: A reaches it through a proxy the test can cut, B directly (the admin).
 * A's change feed survives notifications that are not ours, and when its connection is lost it keeps
 * serving what it holds, then resynchronises on reconnect: a rotation made meanwhile is used at once.
 */
describe('the change feed', () => {
  let proxy: CuttableProxy;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let httpA: HttpClient;
  let admin: AdminApi;
  let user: EndUser;

  beforeAll(async () => {
    proxy = await startCuttableProxy(testDatabaseUrl());
    a = await startTestApp({ DATABASE_URL: proxy.url });
    b = await startTestApp();
    httpA = await listen(a);
    admin = adminApi(await listen(b));
    user = await endUser('feed');
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
  });

  const feedOfA = (): ChangeFeedService => a.get(ChangeFeedService);
  const notify = async (payload: string): Promise<void> => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await client.query(`SELECT pg_notify('chat_identity_changes', $1)`, [payload]);
    } finally {
      await client.end();
    }
  };

  it('ignores notifications that are not a known change, and keeps delivering the real ones', async () => {
    const { slug } = await admin.createIntegration('decimal');
    await issueVendorToken(httpA, slug, user);
    const ignoredBefore = feedOfA().status().ignoredNotifications;
    const garbage = ['not json', '[]', 'null', '{"topic":"nope","key":"x"}', '{"topic":"secret"}', '{"topic":"secret","key":42}', '"secret"'];
    for (const payload of garbage) await notify(payload);

    const rotated = newSecret('after-garbage');
    expect((await admin.addSecret(slug, { secret: rotated })).status).toBe(201);
    const seenAfterMs = await msUntil(async () => verifiesWith(await issueVendorToken(httpA, slug, user), rotated));
    expect(seenAfterMs).not.toBeNull();
    expect(feedOfA().status()).toMatchObject({ state: 'live', ignoredNotifications: ignoredBefore + garbage.length });
  });

  it('serves what it holds while its connection is lost, and uses a rotation made meanwhile as soon as it is back', async () => {
    const { slug, secret } = await admin.createIntegration('decimal');
    // The creation's own notifications must reach A first (they would drop what A reads before they
    // arrive). Notifications arrive in commit order, so once A has ignored a marker sent after them,
    // it has handled them.
    const ignoredBefore = feedOfA().status().ignoredNotifications;
    await notify('marker: after the creation');
    await waitFor('A handled the creation', () => feedOfA().status().ignoredNotifications > ignoredBefore);
    expect(await verifiesWith(await issueVendorToken(httpA, slug, user), secret)).toBe(true);

    proxy.cut();
    expect(await msUntil(async () => feedOfA().status().state === 'reconnecting', 5000)).not.toBeNull();
    const rotated = newSecret('while-a-was-deaf');
    expect((await admin.addSecret(slug, { secret: rotated })).status).toBe(201);
    // A cannot know: it serves its cached key, unconfirmed, without waiting for the database. Fails if
    // the key is not marked unconfirmed, or if this answer did not come from the stale entry.
    const servedStaleBefore = feedOfA().status().caches['signing-keys'].servedStale;
    expect(await verifiesWith(await issueVendorToken(httpA, slug, user), secret)).toBe(true);
    const signingKeys = feedOfA().status().caches['signing-keys'];
    expect(signingKeys.unconfirmed).toBeGreaterThan(0);
    expect(signingKeys.servedStale).toBeGreaterThan(servedStaleBefore);
    const ready = await httpA.send<{ error: Record<string, { status: string; state?: string }> }>('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.changeFeed).toMatchObject({ status: 'down', state: 'reconnecting' });

    proxy.restore();
    expect(await msUntil(async () => feedOfA().status().state === 'live', 10_000)).not.toBeNull();
    expect(await verifiesWith(await issueVendorToken(httpA, slug, user), rotated)).toBe(true);
  }, 30_000);
});
