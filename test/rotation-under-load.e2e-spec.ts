// docs/design.md, Secret rotation: "In-flight requests finish with the old or the new secret, never fail
// and never mix." 16 client loops (on a worker thread, so they do not share the server's event loop)
// request tokens over loopback while this thread rotates the secret 32 times. The load stops when the
// rotations are done (about 1 s on a developer machine); 80 s and 50,000 requests only guard against a
// hang or a runaway.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import {
  type AdminApi,
  adminApi,
  endUser,
  type EndUser,
  type HttpClient,
  listen,
  newSecret,
  requestToken,
  signersOf,
  vendorToken,
  verifiesWith,
  type WidgetIdentityBody,
} from './support/admin-api.js';
import { startTestApp } from './support/app.js';

const CLIENTS = 16;
const ROTATIONS = 32;
const MAX_LOAD_MS = 80_000;
const MAX_REQUESTS = 50_000;
const PAUSE_BETWEEN_ROTATIONS_MS = 10;

/** One token request, as the worker saw it (absolute milliseconds). */
interface Sample {
  sentAt: number;
  doneAt: number;
  status: number;
  body: string;
}

interface Rotation {
  version: number;
  secret: string;
  sentAt: number;
  doneAt: number;
}

/** Milliseconds since the epoch, sub-millisecond, comparable with the worker thread's clock. */
const now = (): number => performance.timeOrigin + performance.now();

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

describe('Rotation under load', () => {
  let app: NestFastifyApplication;
  let http: HttpClient & { baseUrl: string };
  let admin: AdminApi;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
  });

  afterAll(() => app.close());

  it(`serves every token request while the secret is rotated ${ROTATIONS} times; each token is signed by exactly one secret that was active around it`, async () => {
    const { slug, secret: initial } = await admin.createIntegration('glassix');
    const users: EndUser[] = await Promise.all(Array.from({ length: CLIENTS }, () => endUser('load')));
    for (const user of users) expect((await requestToken(http, slug, user)).status).toBe(200); // users exist, caches warm

    const rotations: Rotation[] = [{ version: 1, secret: initial, sentAt: -Infinity, doneAt: -Infinity }];
    const rotationFailures: string[] = [];
    const worker = new Worker(new URL('./support/token-load-worker.mjs', import.meta.url), {
      workerData: {
        url: http.baseUrl,
        slug,
        authorizations: users.map((user) => user.headers.authorization),
        maxRequests: MAX_REQUESTS,
        maxMs: MAX_LOAD_MS,
      },
    });
    const startedAt = now();
    // The clients are going before the first rotation.
    await once(worker, 'message');
    const finished = once(worker, 'message') as Promise<[Sample[]]>;
    for (let index = 0; index < ROTATIONS; index += 1) {
      const secret = newSecret('load');
      const sentAt = now();
      const response = await admin.addSecret(slug, { secret });
      if (response.status === 201) rotations.push({ version: response.body.version, secret, sentAt, doneAt: now() });
      else rotationFailures.push(`${response.status} ${response.text}`);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_ROTATIONS_MS));
    }
    worker.postMessage('stop');
    const [samples] = await finished;
    const elapsedMs = now() - startedAt;

    // Which secret signed each token, and was it active at some moment while the request was open?
    const secrets = rotations.map((rotation) => rotation.secret);
    const mixed: string[] = [];
    const stale: string[] = [];
    const versionsSeen = new Set<number>();
    for (const sample of samples) {
      if (sample.status !== 200) continue;
      const token = vendorToken(JSON.parse(sample.body) as WidgetIdentityBody);
      const signers = signersOf(token, secrets);
      if (signers.length !== 1) {
        mixed.push(`token verifies with ${signers.length} secrets`);
        continue;
      }
      const rotation = rotations[secrets.indexOf(signers[0])];
      versionsSeen.add(rotation.version);
      // Active no earlier than its rotation was sent, and until the next one answered.
      const next = rotations.find((candidate) => candidate.version === rotation.version + 1);
      if (rotation.sentAt > sample.doneAt || (next && next.doneAt < sample.sentAt)) {
        stale.push(`version ${rotation.version} signed a request sent at ${sample.sentAt.toFixed(1)} ms`);
      }
      if (!(await verifiesWith(token, signers[0]))) mixed.push('HMAC matched but jose rejected the token');
    }

    const failures = samples.filter((sample) => sample.status !== 200);
    const latencies = samples.map((sample) => sample.doneAt - sample.sentAt).sort((a, b) => a - b);
    const figures = {
      clients: CLIENTS,
      requests: samples.length,
      rotations: rotations.length - 1,
      failures: failures.length,
      rotationFailures: rotationFailures.length,
      secretVersionsSeenInTokens: versionsSeen.size,
      staleOrMixedTokens: stale.length + mixed.length,
      p50Ms: Number(percentile(latencies, 50).toFixed(1)),
      p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      maxMs: Number(latencies[latencies.length - 1].toFixed(1)),
      requestsPerSecond: Math.round(samples.length / (elapsedMs / 1000)),
      elapsedMs: Math.round(elapsedMs),
    };
    console.log(`rotation under load: ${JSON.stringify(figures)}`);

    expect(failures.slice(0, 5)).toEqual([]);
    expect(rotationFailures).toEqual([]);
    expect(mixed.slice(0, 5)).toEqual([]);
    expect(stale.slice(0, 5)).toEqual([]);
    // Every rotation happened under load: fails if one failed, if the load stopped before the last one
    // (its guards), or if most versions signed nothing (the load did not overlap the rotations).
    expect(rotations.length - 1).toBe(ROTATIONS);
    expect(samples.length).toBeGreaterThan(CLIENTS * ROTATIONS);
    expect(samples.length).toBeLessThan(MAX_REQUESTS);
    expect(Math.max(...samples.map((sample) => sample.sentAt))).toBeGreaterThan(rotations[ROTATIONS].sentAt);
    expect(versionsSeen.size).toBeGreaterThan(ROTATIONS / 2);
  }, 120_000);
});
