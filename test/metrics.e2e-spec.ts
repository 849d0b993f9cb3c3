// GET /metrics as Prometheus scrapes it: the token, the text format, and a number for each thing the
// operations contract names, moved by real requests (a fake Gladly stands in for Gladly's API).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { startTestApp } from './support/app.js';
import { expectProblem, type HttpClient, listen, uniqueSlug } from './support/admin-api.js';
import { type FakeGladly, startFakeGladly } from './support/fake-gladly-server.js';
import { createIntegration, expectIdentity, issueForUser, requestAsUser, requestIdentity, uniqueSub } from './support/identity-api.js';
import { bearer } from './support/tokens.js';

const METRICS_TOKEN = `metrics-token-${randomUUID()}`;

/** The value of one sample line, e.g. sample(text, 'x_total{a="b"}'); undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let gladly: FakeGladly;
  const glassixSlug = uniqueSlug('metrics-glassix');
  const gladlySlug = uniqueSlug('metrics-gladly');

  const scrape = async (): Promise<string> => {
    const response = await http.send('GET', '/metrics', { headers: bearer(METRICS_TOKEN) });
    expect(response.status).toBe(200);
    return response.text;
  };

  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN, RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '2' });
    http = await listen(app);
    gladly = await startFakeGladly({ apiToken: `gladly-api-token-${randomUUID()}` });
    await createIntegration(http, { slug: glassixSlug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret: `s-${randomUUID()}` });
    await createIntegration(http, { slug: gladlySlug, vendor: 'gladly', settings: { mode: 'jwt', baseUrl: gladly.url, apiUser: gladly.apiUser }, secret: gladly.apiToken });
  });

  afterAll(async () => {
    await app.close();
    await gladly.close();
  });

  it('refuses a scrape without the token, or with a wrong one, as a 401 problem', async () => {
    expectProblem(await http.send('GET', '/metrics'), 401);
    expectProblem(await http.send('GET', '/metrics', { headers: bearer('not-the-metrics-token') }), 401);
  });

  it('answers the Prometheus text format', async () => {
    const response = await http.send('GET', '/metrics', { headers: bearer(METRICS_TOKEN) });
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/^# HELP chat_identity_tokens_issued_total /m);
    expect(response.text).toMatch(/^# TYPE chat_identity_http_request_duration_seconds histogram$/m);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts tokens issued per integration and vendor', async () => {
    const series = `chat_identity_tokens_issued_total{integration="${glassixSlug}",vendor="glassix"}`;
    const before = sample(await scrape(), series) ?? 0;
    for (let n = 0; n < 3; n += 1) expectIdentity(await requestAsUser(http, glassixSlug, uniqueSub()));
    expect(sample(await scrape(), series)).toBe(before + 3);
  });

  it('counts refusals by route pattern and status: 401, 404, 429 of the token route apart from a scraper\'s 401', async () => {
    const before = await scrape();
    await requestIdentity(http, glassixSlug, { headers: bearer('forged') });
    await requestAsUser(http, uniqueSlug('no-such-integration'), uniqueSub());
    const sub = uniqueSub();
    for (let n = 0; n < 3; n += 1) await requestAsUser(http, glassixSlug, sub);
    await http.send('GET', '/metrics', { headers: bearer('a-misconfigured-scraper') });
    const after = await scrape();
    const delta = (series: string): number => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    for (const status of ['401', '404', '429']) {
      expect(delta(`chat_identity_refusals_total{route="/v1/identity/:integration",status="${status}"}`)).toBe(1);
    }
    expect(delta('chat_identity_refusals_total{route="/metrics",status="401"}')).toBe(1);
    // One series per route pattern, never per URL.
    expect(after).not.toMatch(/chat_identity_refusals_total\{route="\/v1\/identity\/[^:]/);
  });

  it('observes request latency per route pattern (never the raw path)', async () => {
    const text = await scrape();
    const count = sample(text, 'chat_identity_http_request_duration_seconds_count{method="POST",route="/v1/identity/:integration",status="200"}');
    expect(count).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(glassixSlug.concat('",status'));
    expect(text).not.toMatch(/route="\/v1\/identity\/metrics-/);
  });

  it("counts the vendor API's calls and its 429s", async () => {
    const before = await scrape();
    expectIdentity(await requestAsUser(http, gladlySlug, uniqueSub(), { email: `${randomUUID()}@example.com` }));
    gladly.setBehaviour({ respond: 'rate-limited', retryAfterSeconds: 0, times: 1 });
    await issueForUser(http, gladlySlug, uniqueSub(), { email: `${randomUUID()}@example.com` });
    const after = await scrape();
    const delta = (series: string): number => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    expect(delta('chat_identity_vendor_api_calls_total{vendor="gladly",outcome="200"}')).toBe(2);
    expect(delta('chat_identity_vendor_api_calls_total{vendor="gladly",outcome="429"}')).toBe(1);
    expect(delta('chat_identity_vendor_api_throttled_total{vendor="gladly"}')).toBe(1);
  });

  it('reports cache hits, misses and entries per cache', async () => {
    const before = await scrape();
    const sub = uniqueSub();
    // Two requests: this test app allows two per user a minute.
    for (let n = 0; n < 2; n += 1) expectIdentity(await requestAsUser(http, glassixSlug, sub));
    const after = await scrape();
    const delta = (series: string): number => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    // The first request loads the new user; the second finds the user cached.
    expect(delta('chat_identity_cache_misses_total{cache="users"}')).toBeGreaterThanOrEqual(1);
    expect(delta('chat_identity_cache_hits_total{cache="users"}')).toBeGreaterThanOrEqual(1);
    expect(delta('chat_identity_cache_hits_total{cache="integrations"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'chat_identity_cache_entries{cache="users"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'chat_identity_cache_unconfirmed_entries{cache="users"}')).toBe(0);
    expect(after).toMatch(/^# TYPE chat_identity_cache_hits_total counter$/m);
  });

  it("reports each integration's active secret age", async () => {
    const age = sample(await scrape(), `chat_identity_active_secret_age_seconds{integration="${glassixSlug}",vendor="glassix"}`);
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(300);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('is open', async () => {
    const app = await startTestApp();
    try {
      const response = await (await listen(app)).send('GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.text).toContain('chat_identity_refusals_total');
    } finally {
      await app.close();
    }
  });
});
