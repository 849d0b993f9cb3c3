// `npm run bench`: chat-identity's token endpoint against the framework ceiling and the naive approach.
// Loopback only, bounded (about 1.5 min), cleans up its children and database, exits 0 whatever the
// verdicts (it is a measurement). BENCH_SECONDS / BENCH_WARMUP_SECONDS shorten it while developing.
import 'reflect-metadata';
import type autocannon from 'autocannon';
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '../src/database/scratch-database.js';
import { slugOf, VENDOR_SETTINGS, VENDORS } from './lib/fixtures.js';
import { hs256 } from './lib/hs256.js';
import { writeChart } from './lib/chart.js';
import { combined, drive, driveInTurns, type LoadResult, type LoadSettings, machineSeconds, median, ratiosByRound, tokenRequest } from './lib/load.js';
import { peakRssMiB, runForResult, type ServerChild, startServer, stopAll } from './lib/processes.js';
import { describeMachine, fixed, loadAverage, table, verdict } from './lib/report.js';
import type { CacheBoundResult } from './cache-bound.js';
import type { InProcessResults } from './signing.js';

const seconds = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const LOAD: LoadSettings = {
  connections: 32,
  warmupSeconds: seconds('BENCH_WARMUP_SECONDS', 2),
  seconds: seconds('BENCH_SECONDS', 8),
};
const WARM_USERS = 1000;
/** Servers compared by a ratio are driven in this many turns each (see driveInTurns). */
const ROUNDS = seconds('BENCH_ROUNDS', 4);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const WATCHDOG_MS = 420_000;
/** Where the chart of the run's rows goes (relative to the working directory: the repository's root under npm). */
const CHART_FILE = process.env.BENCH_CHART ?? 'bench/results.svg';
/** (a) is scraped like Prometheus would, only 15 times as often. */
const SCRAPE_INTERVAL_MS = 1000;

const USER_TOKEN_SECRET = randomBytes(32).toString('base64url');
const VENDOR_SECRET = randomBytes(32).toString('base64url');
const ADMIN_KEY = randomBytes(24).toString('base64url');
const MASTER_KEYS = `bench:${randomBytes(32).toString('base64')}`;
const userTokenKey = createSecretKey(Buffer.from(USER_TOKEN_SECRET, 'utf8'));
const runId = randomUUID().slice(0, 8);

/** What the identity provider would put in the access token of user `n`. */
function userToken(sub: string, n: number): string {
  const now = Math.floor(Date.now() / 1000);
  return hs256({ sub, email: `${sub}@example.com`, name: `Bench User ${n}`, plan: n % 2 ? 'gold' : 'free', iat: now, exp: now + 3600 }, userTokenKey);
}

const pathOf = (vendor: string): string => `/v1/identity/${slugOf(vendor)}`;

const temporary = mkdtempSync(join(tmpdir(), 'chat-identity-bench-'));
let database: ScratchDatabase | undefined;

async function cleanUp(): Promise<void> {
  await stopAll();
  await database?.dispose().catch((error: unknown) => console.error('could not drop the bench database:', error));
  database = undefined;
  rmSync(temporary, { recursive: true, force: true });
}

async function main(): Promise<void> {
  console.log(`chat-identity bench: ${describeMachine()}`);
  console.log(`load: autocannon, ${LOAD.connections} connections, ${LOAD.warmupSeconds} s warm-up + ${LOAD.seconds} s measured per run, loopback`);
  console.log(`load average at start: ${loadAverage()}\n`);
  const machineAtStart = machineSeconds();
  const startedAt = performance.now();

  console.log('signing micro-benchmark ...');
  const { metricsMicros, ...signing } = await runForResult<InProcessResults>(new URL('./signing.js', import.meta.url), 120_000);

  console.log('200,000 distinct users through the caches ...');
  const bound = await runForResult<CacheBoundResult>(new URL('./cache-bound.js', import.meta.url), 120_000);

  console.log('preparing a scratch database ...');
  database = await createScratchDatabase();

  // (a) chat-identity, configured like production (default logging, to a file as a log shipper would read it).
  const logFile = join(temporary, 'chat-identity.log');
  const service = await startService(logFile);
  for (const vendor of VENDORS) await createIntegration(service, vendor);

  // 1,000 returning users, each with one vendor's widget: one request each makes them known and cached.
  const warmRequests = Array.from({ length: WARM_USERS }, (_, n) =>
    tokenRequest(pathOf(VENDORS[n % VENDORS.length]), userToken(`warm-${runId}-${n}`, n)),
  );
  console.log(`warming ${WARM_USERS} users ...`);
  const bodies = await firstAnswers(service, warmRequests);

  // (a), (m), (p) and (b) all run now and are driven in turns, so that their ratios compare servers that met the same machine.
  const unmetered = await startService(join(temporary, 'unmetered.log'), { BENCH_METRICS_OFF: '1' });
  const pipeline = await startService(join(temporary, 'pipeline.log'), { BENCH_BODIES: JSON.stringify(bodies) });
  const empty = await startServer(new URL('./servers/nest-empty.js', import.meta.url), { env: { BENCH_BODIES: JSON.stringify(bodies) } });
  console.log(
    `(a) chat-identity, (m) with metrics recording off, (p) with the token work stubbed and (b) an empty NestJS + Fastify handler, ` +
      `returning users, in ${ROUNDS} turns (GET /metrics of (a) every ${SCRAPE_INTERVAL_MS} ms meanwhile) ...`,
  );
  const scrapes = scrapeEvery(service.url, SCRAPE_INTERVAL_MS);
  const [serviceSlices, unmeteredSlices, pipelineSlices, emptySlices] = await driveInTurns(
    [service, unmetered, pipeline, empty].map((server) => ({ url: server.url, pid: server.pid, requests: warmRequests })),
    LOAD,
    ROUNDS,
  );
  const scrapeStats = await scrapes.stop();
  const [serviceWarm, unmeteredWarm, pipelineWarm, emptyWarm] = [serviceSlices, unmeteredSlices, pipelineSlices, emptySlices].map(combined);
  const [serviceRss, emptyRss] = [peakRssMiB(service.pid), peakRssMiB(empty.pid)];
  await Promise.all([unmetered.stop(), pipeline.stop(), empty.stop()]);

  console.log('(a) chat-identity, first-time users ...');
  let coldUsers = 0;
  const coldRequest: autocannon.Request = {
    ...tokenRequest(pathOf(VENDORS[0]), userToken('cold', 0)),
    // Every request a user never seen before, through all four integrations in turn.
    setupRequest: (request) => {
      const n = (coldUsers += 1);
      return { ...tokenRequest(pathOf(VENDORS[n % VENDORS.length]), userToken(`cold-${runId}-${n}`, n)), setupRequest: request.setupRequest };
    },
  };
  const serviceCold = await drive(service.url, service.pid, LOAD, [coldRequest]);
  await service.stop();
  const logLines = readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('"msg":"request"')).length;

  console.log('(c) naive Express + jsonwebtoken ...');
  const naive = await startServer(new URL('./servers/naive-express.js', import.meta.url), {
    env: {
      BENCH_NAIVE: JSON.stringify({
        userTokenSecret: USER_TOKEN_SECRET,
        vendorSecret: VENDOR_SECRET,
        apiKey: VENDOR_SETTINGS.glassix.apiKey,
        snippetId: VENDOR_SETTINGS.glassix.snippetId,
      }),
    },
  });
  const naiveWarm = await drive(naive.url, naive.pid, LOAD, warmRequests);
  const naiveRss = peakRssMiB(naive.pid);
  await naive.stop();

  const mountedConfig = JSON.stringify({ databaseUrl: database!.url, masterKeys: MASTER_KEYS, userTokenSecret: USER_TOKEN_SECRET });
  const mounted: Record<string, { module: LoadResult; empty: LoadResult; rss: number; byRound: number[] }> = {};
  for (const host of ['express', 'fastify'] as const) {
    console.log(`(${host === 'express' ? 'x' : 'y'}) the module mounted in a ${host} host, and an empty handler of the same host ...`);
    const server = await startServer(new URL('./servers/mounted-host.js', import.meta.url), {
      execArgv: serviceNodeFlags(),
      env: { BENCH_HOST: host, BENCH_BODIES: JSON.stringify(bodies), BENCH_MOUNTED: mountedConfig },
    });
    const moduleRequests = warmRequests.map((request) => ({ ...request, path: `/chat${request.path}` }));
    await firstAnswers(server, moduleRequests);
    const emptyRequests = warmRequests.map((request) => ({ ...request, path: request.path!.replace('/v1/identity/', '/empty/') }));
    const [moduleSlices, hostEmptySlices] = await driveInTurns(
      [moduleRequests, emptyRequests].map((requests) => ({ url: server.url, pid: server.pid, requests })),
      LOAD,
      ROUNDS,
    );
    mounted[host] = { module: combined(moduleSlices), empty: combined(hostEmptySlices), rss: peakRssMiB(server.pid), byRound: ratiosByRound(moduleSlices, hostEmptySlices) };
    await server.stop();
  }

  const bodyBytes = Object.values(bodies).map((body) => JSON.stringify(body).length);
  const averageBody = (bodyBytes.reduce((sum, bytes) => sum + bytes, 0) / bodyBytes.length).toFixed(0);
  const row = (name: string, result: LoadResult, rss?: number): string[] => [
    name,
    fixed(result.requestsPerSecond),
    fixed(result.p50, 0),
    fixed(result.p99, 0),
    rss === undefined ? '' : fixed(rss, 0),
    fixed(result.cpuMicrosPerRequest, 0),
    fixed(result.otherCpuPercent, 0),
    fixed(result.stealPercent, 0),
    fixed(result.failures),
  ];
  console.log(`\nToken requests (POST, bearer token, ~${averageBody}-byte JSON answer), ${LOAD.connections} connections, ${LOAD.seconds} s (a, m, p, b and each host's pair in ${ROUNDS} turns):\n`);
  console.log(
    table(
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MiB', 'server CPU µs/req', 'others %', 'steal %', 'non-2xx/errors'],
      [
        row('(a) chat-identity, returning users', serviceWarm, serviceRss),
        row('(p) (a) with the token work stubbed', pipelineWarm),
        row('(m) (a) with metrics recording off', unmeteredWarm),
        row('(b) empty NestJS + Fastify handler', emptyWarm, emptyRss),
        row('(c) naive Express + jsonwebtoken', naiveWarm, naiveRss),
        row('(a) chat-identity, first-time users', serviceCold),
        row('(x) module mounted in an Express host', mounted.express.module, mounted.express.rss),
        row('(xe) empty handler, same Express host', mounted.express.empty),
        row('(y) module mounted in a Fastify host', mounted.fastify.module, mounted.fastify.rss),
        row('(ye) empty handler, same Fastify host', mounted.fastify.empty),
      ],
    ),
  );
  writeChart(CHART_FILE, `npm run bench, ${new Date().toISOString().slice(0, 16)} UTC, load average ${loadAverage()}`, [
    { name: '(a) chat-identity, returning users', ...serviceWarm },
    { name: '(p) (a), token work stubbed', ...pipelineWarm },
    { name: '(m) (a), metrics off', ...unmeteredWarm },
    { name: '(b) empty NestJS + Fastify', ...emptyWarm },
    { name: '(c) naive Express + jsonwebtoken', ...naiveWarm },
    { name: '(a) first-time users', ...serviceCold },
    { name: '(x) mounted, Express host', ...mounted.express.module },
    { name: '(xe) empty, Express host', ...mounted.express.empty },
    { name: '(y) mounted, Fastify host', ...mounted.fastify.module },
    { name: '(ye) empty, Fastify host', ...mounted.fastify.empty },
  ]);
  console.log(
    'server CPU: user + system time of the server process per request. While the run lasted, in % of one CPU: others = CPU\n' +
      'the rest of the machine used (Postgres, on the first-time-user run); steal = time the hypervisor gave other guests.',
  );
  // The ratios of servers driven in turns are the median turn's: each turn's servers met the same machine.
  const abByRound = ratiosByRound(serviceSlices, emptySlices);
  const pbByRound = ratiosByRound(pipelineSlices, emptySlices);
  const ab = median(abByRound);
  const ac = serviceWarm.requestsPerSecond / naiveWarm.requestsPerSecond;
  const pb = median(pbByRound);
  // Under a loaded machine req/s follows whoever got the CPU; CPU time per request is what each server costs.
  const cpuRatio = (ceiling: LoadResult, measured: LoadResult): string => (ceiling.cpuMicrosPerRequest / measured.cpuMicrosPerRequest).toFixed(2);
  const ratioRow = (name: string, measured: LoadResult, ceiling: LoadResult, target: string, byRound?: number[]): string[] => [
    name,
    (byRound ? median(byRound) : measured.requestsPerSecond / ceiling.requestsPerSecond).toFixed(2),
    byRound ? byRound.map((ratio) => ratio.toFixed(2)).join(' ') : '',
    cpuRatio(ceiling, measured),
    (measured.p99 / Math.max(1, ceiling.p99)).toFixed(2),
    target,
  ];
  const xe = median(mounted.express.byRound);
  const ye = median(mounted.fastify.byRound);
  const coldWarm = serviceCold.requestsPerSecond / serviceWarm.requestsPerSecond;
  const rssRatio = serviceRss / emptyRss;
  console.log(
    '\nratios of this run (req/s: of servers driven in turns, the median turn\'s, each turn listed; CPU = ceiling µs/req over\n' +
      'measured µs/req; p99 = measured over ceiling):\n',
  );
  console.log(
    table(
      ['ratio', 'req/s', 'req/s by turn', 'CPU', 'p99', 'target'],
      [
        ratioRow('a/b  standalone / empty NestJS + Fastify', serviceWarm, emptyWarm, '>= 0.75, p99 <= 1.25', abByRound),
        ratioRow('p/b  pipeline alone / empty NestJS + Fastify', pipelineWarm, emptyWarm, '>= 0.9', pbByRound),
        ratioRow('x/xe mounted / empty, Express host', mounted.express.module, mounted.express.empty, '>= 0.75', mounted.express.byRound),
        ratioRow('y/ye mounted / empty, Fastify host', mounted.fastify.module, mounted.fastify.empty, '>= 0.75', mounted.fastify.byRound),
        ratioRow('a/c  standalone / naive Express', serviceWarm, naiveWarm, '>= 6'),
        ratioRow('first-time / returning users', serviceCold, serviceWarm, '>= 0.5'),
      ],
    ),
  );
  console.log(`peak RSS (a)/(b) = ${rssRatio.toFixed(2)} (${fixed(serviceRss, 0)} / ${fixed(emptyRss, 0)} MiB; target <= 1.5)`);
  console.log(
    `${fixed(bound.users)} distinct users in-process: the users cache holds ${fixed(bound.userEntries)} (bound ${fixed(bound.maxUsers)}); ` +
      `heap ${fixed(bound.heapUsedMiB, 0)} MiB, RSS ${fixed(bound.rssMiB, 0)} MiB`,
  );
  console.log(`\nratios (req/s, returning users): a/b = ${ab.toFixed(2)}, a/c = ${ac.toFixed(2)}`);
  console.log(
    `p/b = ${pb.toFixed(2)}: (p) is (a) with IdentityService.issue answering a prepared body; the rest (Fastify and logger\n` +
      'setup, request-id and request-log hooks, guards with the real bearer check and rate limit, controller, filter) is\n' +
      "the service's HTTP pipeline, which bounds a/b whatever the token work costs.",
  );
  const am = serviceWarm.requestsPerSecond / unmeteredWarm.requestsPerSecond;
  console.log(
    `a/m = ${am.toFixed(2)}, server CPU (a) - (m) = ${fixed(serviceWarm.cpuMicrosPerRequest - unmeteredWarm.cpuMicrosPerRequest, 0)} µs/request: ` +
      `what metrics cost under load, (a) scraped ${scrapeStats.count} times meanwhile (${fixed(scrapeStats.meanMs, 1)} ms per scrape, ` +
      `${fixed(scrapeStats.bytes / Math.max(1, scrapeStats.count) / 1024, 1)} KiB). In-process, recording one token request's metrics ` +
      `(issued counter + latency histogram) takes ${metricsMicros.toFixed(2)} µs.`,
  );
  console.log(`(a) wrote ${fixed(logLines)} request log lines at LOG_LEVEL=${LOG_LEVEL}; ${fixed(serviceCold.total)} first-time users created in ${LOAD.seconds} s`);

  console.log('\nIssuing one identity in-process, every registered vendor (median of 5 rounds, µs/op):\n');
  console.log(
    table(
      ['vendor', 'credential', 'issue() µs', 'signer alone µs'],
      signing.vendors.map((result) => [
        result.vendor + (result.signs ? '' : ' (standard mode: nothing signed)'),
        result.credential,
        fixed(result.issueMicros, 2),
        result.signMicros === undefined ? '-' : fixed(result.signMicros, 2),
      ]),
    ),
  );
  console.log('\n@nestjs/jwt against the alternative, same claims, same run (µs/op):\n');
  console.log(
    table(
      ['job', 'in use', 'µs', 'alternative', 'µs', 'in use - alternative'],
      signing.comparisons.map(({ job, current, alternative }) => [
        job,
        current.name,
        fixed(current.micros, 2),
        alternative.name,
        fixed(alternative.micros, 2),
        fixed(current.micros - alternative.micros, 2),
      ]),
    ),
  );

  const issueOf = (credential: string): number[] => signing.vendors.filter((result) => result.signs && result.credential === credential).map((result) => result.issueMicros);
  const slowestHs256 = Math.max(...issueOf('hs256-jwt'));
  const slowestRs256 = Math.max(...issueOf('rs256-jwt'));
  const [hs256Signing] = signing.comparisons;
  const jwtServiceExtra = hs256Signing.alternative.micros - hs256Signing.current.micros;
  const clean = [serviceWarm, pipelineWarm, unmeteredWarm, emptyWarm, naiveWarm, serviceCold, ...Object.values(mounted).flatMap((run) => [run.module, run.empty])].every((result) => result.failures === 0);
  const machine = machineSeconds();
  const elapsed = (performance.now() - startedAt) / 1000;
  console.log(`\nload average at end: ${loadAverage()}; steal over the whole run: ${((100 * (machine.steal - machineAtStart.steal)) / elapsed).toFixed(0)} % of a CPU (/proc/stat); took ${elapsed.toFixed(0)} s`);
  console.log(`chart of req/s and p99 per row: ${CHART_FILE}`);
  // The server and the load generator share the machine: CPU taken by anything else makes the ratios meaningless.
  const runs = [serviceWarm, pipelineWarm, unmeteredWarm, emptyWarm, naiveWarm];
  const disturbed = Math.max(...runs.map((result) => result.otherCpuPercent + result.stealPercent), serviceCold.stealPercent);
  if (disturbed > 10) {
    console.log(`WARNING: other guests or processes took up to ${disturbed.toFixed(0)}% of a CPU during a run: these numbers are not comparable; run again on a quiet machine.`);
  }
  console.log(
    [
      '',
      verdict('returning users a/b', ab >= 0.75, ab.toFixed(2), '>= 0.75'),
      verdict('returning users p99 a/b', serviceWarm.p99 <= 1.25 * emptyWarm.p99, `${serviceWarm.p99} / ${emptyWarm.p99} ms`, '<= 1.25x'),
      verdict('pipeline alone p/b', pb >= 0.9, pb.toFixed(2), '>= 0.9'),
      verdict('mounted in Express x/xe', xe >= 0.75, xe.toFixed(2), '>= 0.75'),
      verdict('mounted in Fastify y/ye', ye >= 0.75, ye.toFixed(2), '>= 0.75'),
      verdict('first-time / returning users', coldWarm >= 0.5, coldWarm.toFixed(2), '>= 0.5'),
      verdict('peak RSS (a)/(b)', rssRatio <= 1.5, rssRatio.toFixed(2), '<= 1.5'),
      verdict(`users cache after ${fixed(bound.users)} distinct users`, bound.userEntries <= bound.maxUsers, `${fixed(bound.userEntries)} entries`, `<= ${fixed(bound.maxUsers)}`),
      verdict('returning users a/c', ac >= 6, ac.toFixed(2), '>= 6'),
      verdict('returning users p99', serviceWarm.p99 <= 10, `${serviceWarm.p99} ms at ${LOAD.connections} connections`, '<= 10 ms'),
      verdict('first-time users', serviceCold.requestsPerSecond >= 1500, `${fixed(serviceCold.requestsPerSecond)} new users/s`, '>= 1,500/s'),
      verdict('signing, slowest HS256 vendor issue()', slowestHs256 <= 15, `${slowestHs256.toFixed(2)} µs`, '<= 15 µs'),
      verdict('signing, slowest RS256 vendor issue()', slowestRs256 <= 1000, `${slowestRs256.toFixed(0)} µs`, '<= 1,000 µs'),
      verdict(
        'HS256 vendor tokens keep TokenSigner (JwtService costs more than 3 µs over it)',
        jwtServiceExtra > 3,
        `JwtService +${jwtServiceExtra.toFixed(2)} µs a token`,
        '> 3 µs: keep TokenSigner',
      ),
      verdict('every answer 2xx', clean, clean ? 'no failures' : 'some runs had non-2xx answers or errors', '0'),
    ].join('\n'),
  );
}

/** The service as `npm run start:prod` runs it, on the bench database, its log to `logFile`; `env` adds to its environment. */
async function startService(logFile: string, env: NodeJS.ProcessEnv = {}): Promise<ServerChild> {
  const logFd = openSync(logFile, 'w');
  try {
    return await startServer(new URL('./servers/chat-identity.js', import.meta.url), {
      stdoutFd: logFd,
      execArgv: ['--enable-source-maps', ...serviceNodeFlags()],
      env: {
        DATABASE_URL: database!.url,
        DATA_DIR: temporary,
        MASTER_KEYS,
        ADMIN_API_KEYS: ADMIN_KEY,
        AUTH_JWT_SECRET: USER_TOKEN_SECRET,
        AUTH_ATTRIBUTE_CLAIMS: 'plan',
        // The per-subject and per-IP budgets would stop a load test from one address at once.
        RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '100000000',
        RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
        LOG_LEVEL,
        ...env,
      },
    });
  } finally {
    closeSync(logFd);
  }
}

/** BENCH_SERVICE_NODE_FLAGS: flags (e.g. --cpu-prof) for the processes running chat-identity, (a) and the mounted hosts. */
const serviceNodeFlags = (): string[] => (process.env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** GETs /metrics every `intervalMs` until stopped; how many scrapes answered 200, their bytes and mean time. */
function scrapeEvery(url: string, intervalMs: number): { stop: () => Promise<{ count: number; bytes: number; meanMs: number }> } {
  let count = 0;
  let bytes = 0;
  let totalMs = 0;
  let failure: unknown;
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = (async () => {
      const started = performance.now();
      const response = await fetch(`${url}/metrics`);
      const text = await response.text();
      if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${text.slice(0, 200)}`);
      count += 1;
      bytes += text.length;
      totalMs += performance.now() - started;
    })().catch((error: unknown) => {
      failure ??= error;
    });
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      if (failure !== undefined) throw failure;
      return { count, bytes, meanMs: count === 0 ? 0 : totalMs / count };
    },
  };
}

async function createIntegration(service: ServerChild, vendor: string): Promise<void> {
  const response = await fetch(`${service.url}/v1/admin/integrations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: slugOf(vendor), vendor, settings: VENDOR_SETTINGS[vendor], secret: VENDOR_SECRET }),
  });
  if (response.status !== 201) throw new Error(`creating the ${vendor} integration answered ${response.status}: ${await response.text()}`);
}

/**
 * Sends every request once (16 at a time), insisting on a 200 with the contract's headers; returns one
 * answer per integration path, which the empty server (b) replays so every server answers the same size.
 */
async function firstAnswers(service: ServerChild, requests: autocannon.Request[]): Promise<Record<string, unknown>> {
  const bodies: Record<string, unknown> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < requests.length) {
      const request = requests[next++];
      const response = await fetch(`${service.url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
      const text = await response.text();
      if (response.status !== 200 || response.headers.get('cache-control') !== 'no-store' || !response.headers.get('x-request-id')) {
        throw new Error(`a warm-up request answered ${response.status}: ${text}`);
      }
      bodies[request.path!.split('/').at(-1)!] = JSON.parse(text);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return bodies;
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, WATCHDOG_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  await main();
  await cleanUp();
  clearTimeout(watchdog);
} catch (error) {
  console.error('bench failed:', error);
  await cleanUp();
  process.exit(1);
}
