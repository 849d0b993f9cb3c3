import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChangeFeedService } from '../src/change-feed/change-feed.service.js';
import { IntegrationLookupService } from '../src/integrations/integration-lookup.service.js';
import { UsersService } from '../src/users/users.service.js';
import { adminApi, endUser, expectProblem, listen, msUntil, requestToken } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { startCuttableProxy } from './support/cuttable-proxy.js';
import { testDatabaseUrl } from './support/database.js';
import { waitFor } from './support/eventually.js';
import { type OwnedPostgres, startOwnedPostgres } from './support/owned-postgres.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';

/**
 * The fault suite: the standalone service as a real process, on a PostgreSQL this suite owns (embedded,
 * free port), under light load while that database is stopped for 10 s, then hung (SIGSTOP) for 10 s,
 * and a start while the database is down. Users seen before an outage keep getting tokens; new users
 * get a 503 problem with Retry-After within 3 s (the bound is the behaviour under test); readiness
 * says 503 and then 200 again; the process is never restarted.
 *
 * The service runs on a 1 s read budget (DATABASE_TIMEOUT_MS). The 3 s is held to the time the service
 * itself took, from the request's arrival to its answer (the `ms` of its request log line): what the
 * client measures adds the scheduling of two processes and the rest of the suite on a 2-core machine
 * (at load 10, one answer the service gave in time reached the client 4.6 s after it was sent), and is
 * logged beside it. A service that waited on the lost database would take the whole 10 s outage.
 */

const OUTAGE_MS = 10_000;
const READ_BUDGET_MS = 1000;
const NEW_USER_ANSWER_BOUND_MS = 3000;
const ADMIN_KEY = `outage-admin-${randomBytes(12).toString('hex')}`;
const SERVICE_KEY = `outage-service-${randomBytes(12).toString('hex')}`;
const SLUG = 'outage-decimal';

interface Answer {
  kind: 'warm' | 'new' | 'ready';
  startedAt: number;
  /** As the client measured it: from sending the request to reading the whole answer. */
  ms: number;
  requestId: string | null;
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: string;
}

interface OutageReport {
  warmDuring: number;
  warmServedDuring: number;
  warmFailures: Answer[];
  newDuring: Answer[];
  /** The slowest answer to a new user during the outage, as the service and as the client measured it. */
  newMaxServerMs: number;
  newMaxMs: number;
  readyTransitions: string[];
  readyDownBody: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function environment(databaseUrl: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: databaseUrl,
    MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    ADMIN_API_KEYS: ADMIN_KEY,
    TRUSTED_SERVICE_KEYS: SERVICE_KEY,
    LOG_LEVEL: 'warn',
    // Longer than these outages (10 s, then the reconnect): signing keys outlive them as users do. The
    // short window's own promise is the last describe below.
    SIGNING_KEY_STALE_WINDOW_SECONDS: '60',
    DATABASE_TIMEOUT_MS: String(READ_BUDGET_MS),
    RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000',
    RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
  };
}

async function call(service: ServiceProcess, kind: Answer['kind'], externalId?: string): Promise<Answer> {
  const startedAt = Date.now();
  const request =
    kind === 'ready'
      ? fetch(`${service.baseUrl}/health/ready`, { signal: AbortSignal.timeout(15_000) })
      : fetch(`${service.baseUrl}/v1/identity/${SLUG}`, {
          method: 'POST',
          headers: { 'x-service-key': SERVICE_KEY, 'content-type': 'application/json' },
          body: JSON.stringify({ subject: { externalId, email: `${externalId}@example.com` } }),
          signal: AbortSignal.timeout(15_000),
        });
  try {
    const response = await request;
    const body = await response.text();
    return {
      kind,
      startedAt,
      ms: Date.now() - startedAt,
      requestId: response.headers.get('x-request-id'),
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  } catch (error) {
    return { kind, startedAt, ms: Date.now() - startedAt, requestId: null, status: 0, contentType: '', retryAfter: null, body: String(error) };
  }
}

/** Light load: a warm user every 100 ms (round robin), a new user every 500 ms, readiness every 250 ms. */
function startLoad(service: ServiceProcess, warmUsers: string[]): { answers: readonly Answer[]; stop(): Promise<Answer[]> } {
  const answers: Answer[] = [];
  let running = true;
  const loop = async (intervalMs: number, next: () => Promise<Answer>): Promise<void> => {
    while (running) {
      const started = Date.now();
      answers.push(await next());
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
  };
  let turn = 0;
  const loops = [
    loop(100, () => call(service, 'warm', warmUsers[turn++ % warmUsers.length])),
    loop(500, () => call(service, 'new', `new-${randomUUID()}`)),
    loop(250, () => call(service, 'ready')),
  ];
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
      return answers.sort((a, b) => a.startedAt - b.startedAt);
    },
  };
}

/** How long the service took for each request it logged, by request id (its request lines: `{ requestId, ms, msg: 'request' }`). */
function serverTimes(service: ServiceProcess): Map<string, number> {
  const times = new Map<string, number>();
  service.onLine((line) => {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as { msg?: string; requestId?: string; ms?: number };
    if (entry.msg === 'request' && entry.requestId && typeof entry.ms === 'number') times.set(entry.requestId, entry.ms);
  });
  return times;
}

/** The service's time for `answer`: a 503 is logged (LOG_LEVEL warn); an answer it did not log fails the bound. */
const serverMsOf = (times: Map<string, number>, answer: Answer): number => (answer.requestId ? times.get(answer.requestId) : undefined) ?? Number.POSITIVE_INFINITY;

const isReady = async (service: ServiceProcess): Promise<boolean> => (await call(service, 'ready')).status === 200;

/** Runs the load across one outage (`begin` .. `end`, OUTAGE_MS apart) until readiness and new users are back. */
async function acrossOutage(service: ServiceProcess, warmUsers: string[], begin: () => Promise<void>, end: () => Promise<void>): Promise<OutageReport> {
  const times = serverTimes(service);
  const load = startLoad(service, warmUsers);
  const seen = (kind: Answer['kind'], status: number, after = 0): boolean =>
    load.answers.some((answer) => answer.kind === kind && answer.status === status && answer.startedAt >= after);
  await waitFor('the load served before the outage', () => seen('warm', 200) && seen('new', 200) && seen('ready', 200), { timeoutMs: 30_000 });
  const from = Date.now();
  await begin();
  await sleep(OUTAGE_MS);
  await end();
  const to = Date.now();
  await waitFor('ready again', () => isReady(service), { timeoutMs: 30_000, intervalMs: 200 });
  await waitFor('new users served again', async () => (await call(service, 'new', `back-${randomUUID()}`)).status === 200, { timeoutMs: 10_000, intervalMs: 200 });
  // The load's own readiness checks see the recovery too (the last transition is read from them).
  const back = Date.now();
  await waitFor('the load saw the recovery', () => seen('ready', 200, back), { timeoutMs: 10_000 });
  const answers = await load.stop();
  const during = (answer: Answer): boolean => answer.startedAt >= from && answer.startedAt < to;
  const warm = answers.filter((answer) => answer.kind === 'warm');
  const newDuring = answers.filter((answer) => answer.kind === 'new' && during(answer));
  const ready = answers.filter((answer) => answer.kind === 'ready');
  const readyTransitions = ready.reduce<string[]>((states, answer) => {
    const state = String(answer.status);
    return states.at(-1) === state ? states : [...states, state];
  }, []);
  return {
    warmDuring: warm.filter(during).length,
    warmServedDuring: warm.filter(during).filter((answer) => answer.status === 200).length,
    warmFailures: warm.filter((answer) => answer.status !== 200),
    newDuring,
    newMaxServerMs: Math.max(...newDuring.filter((answer) => answer.status !== 200).map((answer) => serverMsOf(times, answer))),
    newMaxMs: Math.max(...newDuring.map((answer) => answer.ms)),
    readyTransitions,
    readyDownBody: ready.find((answer) => answer.status === 503)?.body ?? '',
  };
}

function expectServedThrough(report: OutageReport, service: ServiceProcess, pid: number): void {
  expect(report.warmFailures).toEqual([]);
  expect(report.warmDuring).toBeGreaterThan(20);
  expect(report.warmServedDuring).toBe(report.warmDuring);
  const refused = report.newDuring.filter((answer) => answer.status !== 200);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect({ status: answer.status, contentType: answer.contentType, retryAfter: answer.retryAfter }).toEqual({
      status: 503,
      contentType: expect.stringContaining('application/problem+json'),
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  }
  expect(report.newMaxServerMs).toBeLessThan(NEW_USER_ANSWER_BOUND_MS);
  expect(report.readyTransitions).toEqual(['200', '503', '200']);
  expect(JSON.parse(report.readyDownBody)).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
  expect(service.exitCode()).toBeNull();
  expect(service.pid).toBe(pid);
}

function describeReport(name: string, report: OutageReport): string {
  return (
    `${name}: warm users served ${report.warmServedDuring}/${report.warmDuring} during the outage; ` +
    `new users ${report.newDuring.length} (${report.newDuring.filter((answer) => answer.status === 503).length} answered 503), ` +
    `slowest 503 ${report.newMaxServerMs.toFixed(1)} ms as the service timed it, slowest answer ${report.newMaxMs} ms as the client did; ready ${report.readyTransitions.join(' -> ')}`
  );
}

describe('the service while its database goes away', () => {
  let postgres: OwnedPostgres;
  let service: ServiceProcess;
  let pid = 0;
  const warmUsers = Array.from({ length: 20 }, (_, index) => `warm-${index}-${randomUUID()}`);

  beforeAll(async () => {
    postgres = await startOwnedPostgres('outage');
    service = await startServiceProcess(environment(postgres.url));
    pid = service.pid;
    await waitFor('ready at start', () => isReady(service), { timeoutMs: 20_000, intervalMs: 200 });
    const created = await fetch(`${service.baseUrl}/v1/admin/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: SLUG, vendor: 'decimal', settings: {}, secret: 'outage-decimal-signing-secret' }),
    });
    expect(created.status).toBe(201);
    for (const user of warmUsers) expect((await call(service, 'warm', user)).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await postgres?.dispose();
  }, 30_000);

  it('serves every warm user while PostgreSQL is stopped for 10 s; new users get 503 within 3 s; ready 503 then 200', async () => {
    const report = await acrossOutage(service, warmUsers, () => postgres.stop(), () => postgres.start());
    console.log(describeReport('database stopped 10 s', report));
    expectServedThrough(report, service, pid);
  }, 60_000);

  it('serves every warm user while PostgreSQL hangs (SIGSTOP) for 10 s; new users get 503 within 3 s; ready 503 then 200', async () => {
    const report = await acrossOutage(service, warmUsers, () => postgres.freeze(), () => postgres.thaw());
    console.log(describeReport('database hung (SIGSTOP) 10 s', report));
    expectServedThrough(report, service, pid);
  }, 60_000);

  it('starts while the database is down: listens, answers ready 503 and 503 problems, then migrates and serves once it is up', async () => {
    const lateUrl = await postgres.createDatabase('late_start');
    await postgres.stop();
    const late = await startServiceProcess(environment(lateUrl));
    const times = serverTimes(late);
    try {
      const notReady = await call(late, 'ready');
      expect(notReady.status).toBe(503);
      expect(JSON.parse(notReady.body)).toMatchObject({ error: { database: { status: 'down' }, changeFeed: { status: 'down' } } });
      const refused = await call(late, 'new', `early-${randomUUID()}`);
      expect({ status: refused.status, contentType: refused.contentType, retryAfter: refused.retryAfter }).toEqual({
        status: 503,
        contentType: expect.stringContaining('application/problem+json'),
        retryAfter: expect.stringMatching(/^\d+$/),
      });
      // The line is written once the answer is sent, so it may reach this process after the answer did.
      await waitFor('the refusal logged', () => refused.requestId !== null && times.has(refused.requestId), { timeoutMs: 5000 });
      console.log(`started with the database down: a new user's 503 took ${serverMsOf(times, refused).toFixed(1)} ms as the service timed it, ${refused.ms} ms as the client did`);
      expect(serverMsOf(times, refused)).toBeLessThan(NEW_USER_ANSWER_BOUND_MS);
      await sleep(3000);
      expect(late.exitCode()).toBeNull();

      const upAt = Date.now();
      await postgres.start();
      await waitFor('ready once the database is up', () => isReady(late), { timeoutMs: 30_000, intervalMs: 200 });
      // The line is written once the answer is sent, so it may reach this process after the answer did.
      await waitFor('the refusal logged', () => refused.requestId !== null && times.has(refused.requestId), { timeoutMs: 5000 });
      console.log(`started with the database down: ready ${Date.now() - upAt} ms after it came up`);
      const created = await fetch(`${late.baseUrl}/v1/admin/integrations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ slug: SLUG, vendor: 'decimal', settings: {}, secret: 'late-decimal-signing-secret' }),
      });
      expect(created.status).toBe(201);
      expect((await call(late, 'new', `late-${randomUUID()}`)).status).toBe(200);
    } finally {
      await late.stop();
    }
  }, 180_000);
});

describe('a replica cut off from the database while a secret is revoked (SIGNING_KEY_STALE_WINDOW_SECONDS=2)', () => {
  const WINDOW_SECONDS = 2;
  const apps: NestFastifyApplication[] = [];

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('stops signing once the window has passed unconfirmed (503 with Retry-After), while warm users keep their cached profiles', async () => {
    const proxy = await startCuttableProxy(testDatabaseUrl());
    try {
      const adminSide = await startTestApp();
      apps.push(adminSide);
      const admin = adminApi(await listen(adminSide));
      const { slug } = await admin.createIntegration('decimal');
      // Started after the integration exists: the creation's change notification, arriving after the warm-up,
      // would empty the replica's caches and leave it nothing to serve once cut off.
      const cutOff = await startTestApp({ DATABASE_URL: proxy.url, SIGNING_KEY_STALE_WINDOW_SECONDS: String(WINDOW_SECONDS) });
      apps.push(cutOff);
      const http = await listen(cutOff);
      const user = await endUser('cut-off');
      // Warm: the integration, the user and the signing key are in the replica's memory.
      expect(await msUntil(async () => (await requestToken(http, slug, user)).status === 200, 5000)).not.toBeNull();
      const users = cutOff.get(UsersService);
      const warmProfile = await users.resolve({ externalId: user.sub });

      proxy.cut();
      const cutAt = Date.now();
      expect(await msUntil(async () => cutOff.get(ChangeFeedService).status().state !== 'live', 10_000)).not.toBeNull();
      expect((await admin.revoke(slug, 1, { force: true })).status).toBe(200);

      // Without the feed the replica cannot know of the revocation; it must stop signing on its own.
      let refused: Awaited<ReturnType<typeof requestToken>> | undefined;
      const stoppedAfterMs = await msUntil(async () => {
        const response = await requestToken(http, slug, user);
        if (response.status === 200) return false;
        refused = response;
        return true;
      }, 30_000);
      expect(stoppedAfterMs).not.toBeNull();
      console.log(`cut-off replica stopped signing ${Date.now() - cutAt} ms after the cut (window ${WINDOW_SECONDS} s)`);
      expectProblem(refused!, 503);
      expect(refused!.headers['retry-after']).toMatch(/^\d+$/);
      // And it stays stopped: no answer after the window is a token.
      expect((await requestToken(http, slug, user)).status).toBe(503);

      // Users and integrations keep their (longer) window: the warm profile is still answered from memory.
      expect(await users.resolve({ externalId: user.sub })).toEqual(warmProfile);
      expect((await cutOff.get(IntegrationLookupService).resolveEnabled(slug)).ref.slug).toBe(slug);
      expect((await http.send('GET', '/health/ready')).status).toBe(503);

      proxy.restore();
      expect(await msUntil(async () => cutOff.get(ChangeFeedService).status().state === 'live', 15_000)).not.toBeNull();
      // Back on the database: the revocation is known, nothing signs until an admin activates another version.
      const afterRestore = expectProblem(await requestToken(http, slug, user), 503);
      expect(afterRestore.detail).toContain('no active secret');
    } finally {
      await proxy.close();
    }
  }, 90_000);
});
