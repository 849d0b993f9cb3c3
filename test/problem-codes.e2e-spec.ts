import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ADMIN_HEADERS, type HttpClient, listen, type ProblemBody } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { requestAsUser, requestIdentity, uniqueSub } from './support/identity-api.js';

type CodedProblem = ProblemBody & { code: string };

/** Every problem+json answer names what went wrong with a stable `code`, whoever raised it. */
describe('problem codes', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let limited: NestFastifyApplication;
  let limitedHttp: HttpClient;
  let offline: NestFastifyApplication;
  let offlineHttp: HttpClient;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    limited = await startTestApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '1' });
    limitedHttp = await listen(limited);
    // Nothing listens on port 1: every query fails at once.
    offline = await startTestApp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' });
    offlineHttp = await listen(offline);
  });

  afterAll(async () => {
    await app?.close();
    await limited?.close();
    await offline?.close();
  });

  const problemOf = (response: { status: number; headers: Record<string, string | string[] | undefined>; body: unknown }) => {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.body as CodedProblem;
  };

  it('names a route that does not exist not_found', async () => {
    const response = await http.send('GET', '/v1/nowhere');
    expect(response.status).toBe(404);
    expect(problemOf(response)).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('names a body that is not JSON by its status, and invalid fields validation_failed', async () => {
    const unreadable = await requestIdentity(http, 'any', { rawBody: '{"subject":' });
    expect(unreadable.status).toBe(400);
    expect(problemOf(unreadable).code).toBe('bad_request');
    const invalid = await http.send('POST', '/v1/admin/integrations', { headers: ADMIN_HEADERS, body: { slug: 'Not A Slug!', vendor: 'decimal' } });
    expect(invalid.status).toBe(400);
    expect(problemOf(invalid)).toMatchObject({ code: 'validation_failed', errors: expect.any(Array) });
  });

  it('names a missing credential unauthenticated and an unknown integration not_found', async () => {
    const anonymous = await requestIdentity(http, 'any');
    expect(anonymous.status).toBe(401);
    expect(problemOf(anonymous).code).toBe('unauthenticated');
    const unknown = await requestAsUser(http, `no-such-${uniqueSub()}`, uniqueSub());
    expect(unknown.status).toBe(404);
    expect(problemOf(unknown).code).toBe('not_found');
  });

  it('names a spent budget rate_limited, with Retry-After', async () => {
    await requestIdentity(limitedHttp, 'any');
    const refused = await requestIdentity(limitedHttp, 'any');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toEqual(expect.any(String));
    expect(problemOf(refused).code).toBe('rate_limited');
  });

  it('names an unreachable database database_unavailable, with Retry-After', async () => {
    const response = await requestAsUser(offlineHttp, 'any', uniqueSub());
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toEqual(expect.any(String));
    expect(problemOf(response).code).toBe('database_unavailable');
  });
});
