// Two replicas as docker-compose.yml runs them, minus Docker: two real service processes on one
// PostgreSQL database of their own (the garbage NOTIFY below reaches only them) and one Redis (this
// run's own key prefix), each on its own loopback port.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { freePort, type ScratchDatabase } from '../src/database/scratch-database.js';
import { testEnvironment } from './support/app.js';
import {
  adminApi,
  fetchClient,
  type HttpClient,
  msUntil,
  newSecret,
  scratchDatabase,
  settingsFor,
  uniqueSlug,
  verifiesWith,
  vendorToken,
} from './support/admin-api.js';
import { expectIdentity, requestAsUser, uniqueSub } from './support/identity-api.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `chat-identity-test:${randomUUID()}:`;
const PER_SUBJECT = 4;

interface Replica {
  child: ChildProcess;
  http: HttpClient;
  output: string[];
}

async function startReplica(databaseUrl: string): Promise<Replica> {
  const port = await freePort();
  const env = {
    ...process.env,
    ...testEnvironment({
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      RATE_LIMIT_PER_SUBJECT_PER_MINUTE: String(PER_SUBJECT),
      LOG_LEVEL: 'warn',
    }),
  };
  const child = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const http = fetchClient(`http://127.0.0.1:${port}`);
  const ready = await msUntil(async () => {
    if (child.exitCode !== null) throw new Error(`a replica exited with ${child.exitCode}: ${output.join('')}`);
    return (await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.status, () => 0)) === 200;
  }, 180_000); // a hang guard, not a speed bound: two Nest processes starting at once took over 90 s at load 26 on 2 cores
  if (ready === null) throw new Error(`a replica was not ready within 180 s: ${output.join('')}`);
  return { child, http, output };
}

async function stopReplica(replica: Replica | undefined): Promise<void> {
  if (!replica || replica.child.exitCode !== null) return;
  const exited = new Promise((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGTERM');
  await exited;
}

describe('two replicas on one PostgreSQL and one Redis', () => {
  let database: ScratchDatabase | undefined;
  let a: Replica | undefined;
  let b: Replica | undefined;
  const slug = uniqueSlug('replicas');
  let currentSecret = newSecret('glassix');

  const replicas = (): [Replica, Replica] => [a!, b!];
  const alive = (): boolean[] => replicas().map((replica) => replica.child.exitCode === null && replica.child.signalCode === null);

  beforeAll(async () => {
    database = await scratchDatabase();
    [a, b] = await Promise.all([startReplica(database.url), startReplica(database.url)]);
    const created = await adminApi(a.http).create({ slug, vendor: 'glassix', settings: settingsFor('glassix'), secret: currentSecret });
    if (created.status !== 201) throw new Error(`creating the integration: ${created.status} ${created.text}`);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([stopReplica(a), stopReplica(b)]);
    await database?.dispose();
    const redis = new Redis(REDIS_URL);
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${keyPrefix}*`, count: 100 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it(`holds one per-subject budget across both (${PER_SUBJECT} a minute, requests alternating between them)`, async () => {
    const sub = uniqueSub('shared-budget');
    const statuses: number[] = [];
    for (let n = 0; n < PER_SUBJECT + 2; n += 1) statuses.push((await requestAsUser(replicas()[n % 2].http, slug, sub)).status);
    // Per-instance counters would have allowed all six (three on each).
    expect(statuses).toEqual([...Array<number>(PER_SUBJECT).fill(200), 429, 429]);
  });

  /**
   * Without the change feed, B would use a rotation only once its cached key expires (the 30 s cache TTL,
   * counted from B's request just before the rotation). Seeing it within a third of that can only be the
   * feed's doing, and leaves a loaded 2-core machine room; how fast the feed is belongs in `npm run bench`.
   */
  const FEED_BOUND_MS = 10_000;

  /** Rotates on A, then polls B until its tokens verify with the new secret; the ms it took, null past FEED_BOUND_MS. */
  async function rotationSeenByB(): Promise<number | null> {
    const [first, second] = replicas();
    expectIdentity(await requestAsUser(second.http, slug, uniqueSub()));
    currentSecret = newSecret('glassix-rotated');
    const rotated = await adminApi(first.http).addSecret(slug, { secret: currentSecret });
    expect(rotated.status).toBe(201);
    const expected = currentSecret;
    return msUntil(async () => {
      const response = await requestAsUser(second.http, slug, uniqueSub());
      return response.status === 200 && (await verifiesWith(vendorToken(response.body), expected));
    }, FEED_BOUND_MS);
  }

  it('uses a rotation made on one replica from the other through the change feed, long before the cache TTL', async () => {
    const elapsed = await rotationSeenByB();
    console.log(`rotation on A used by B after ${elapsed} ms`);
    // Fails if B kept signing with the old secret for FEED_BOUND_MS: the feed did not reach it.
    expect(elapsed).not.toBeNull();
  });

  it("survives a garbage NOTIFY on the change feed's channel: both stay up, serve, and still see rotations", async () => {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      await client.query("NOTIFY chat_identity_changes, 'not json'");
      await client.query(`NOTIFY chat_identity_changes, '{"topic":"no-such-topic","key":"x"}'`);
    } finally {
      await client.end();
    }
    // No wait for the garbage to arrive: notifications reach each listener in commit order, so by the
    // time B uses the rotation below it has handled the garbage sent before it (and A, whose own rotation
    // came after it, has received it). Fails if a replica died of it, stopped serving, or B's feed stopped
    // delivering.
    const elapsed = await rotationSeenByB();
    expect(elapsed).not.toBeNull();
    expect(alive()).toEqual([true, true]);
    for (const replica of replicas()) expectIdentity(await requestAsUser(replica.http, slug, uniqueSub()));
    expect(alive()).toEqual([true, true]);
  });
});
