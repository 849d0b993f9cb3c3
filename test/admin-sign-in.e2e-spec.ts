// How the standalone signs admins in under attack: wrong keys racing in parallel are counted before
// they are evaluated (at most the budget of them ever is, in memory and in Redis), and credentials are
// checked before a body is read, so an unauthenticated or locked-out upload costs the server at most
// about one socket read, not the 15 MB it announced.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { expectProblem, type HttpClient, listen } from './support/admin-api.js';
import { trackServerSockets, uploadUntilAnswered } from './support/raw-http.js';

const BUDGET = 10;
const ANNOUNCED_BYTES = 15 * 1024 * 1024;
/**
 * What Node reads off a connection whose body nobody reads: chunks pushed into the request stream until
 * its 16 KiB buffer is full, the last one a socket read of up to 64 KiB; then it stops reading. Measured
 * when it answers: 64 KiB, head included, whatever the body announced.
 */
const ONE_SOCKET_READ = 64 * 1024 + 16 * 1024 + 16 * 1024;

const tally = (values: number[]): Record<number, number> =>
  values.reduce<Record<number, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});

describe.each([
  ['per-instance memory', {}],
  ['Redis', { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `admin-sign-in-${randomUUID()}:` }],
])('200 parallel wrong admin keys against a budget of 10, counted in %s', (_store, environment) => {
  let app: NestFastifyApplication;
  let http: HttpClient;

  beforeAll(async () => {
    app = await startTestApp({ ...environment, RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: String(BUDGET), TRUST_PROXY: '127.0.0.1' });
    http = await listen(app);
  });

  afterAll(() => app.close());

  // Who am I: the cheapest answer a right key earns. A listing would read every integration the suite's
  // other specs left in the shared database, 54 times, which took this spec past its timeout on a busy machine.
  const attempt = (address: string, key: string) => http.send('GET', '/v1/admin/me', { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address } });

  it('evaluates at most the budget of them (401) and refuses the rest unseen (429), the right key after them too', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => attempt('198.51.100.20', `wrong-${n}-${randomUUID()}`)));
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 401: BUDGET, 429: 200 - BUDGET });
    expectProblem(await attempt('198.51.100.20', ADMIN_KEY), 429);
  });

  it('takes back the attempts that proved right: 54 right keys, 9 in parallel at a time, then a wrong one is still evaluated (401)', async () => {
    const answers = await Promise.all(Array.from({ length: BUDGET - 1 }, () => attempt('198.51.100.21', ADMIN_KEY)));
    expect(tally(answers.map((answer) => answer.status))).toEqual({ 200: BUDGET - 1 });
    for (let round = 0; round < 5; round += 1) {
      const more = await Promise.all(Array.from({ length: BUDGET - 1 }, () => attempt('198.51.100.21', ADMIN_KEY)));
      expect(more.every((answer) => answer.status === 200)).toBe(true);
    }
    expectProblem(await attempt('198.51.100.21', 'wrong-after-successes'), 401);
  });
});

describe('credentials before bodies on the standalone', () => {
  let app: NestFastifyApplication;
  let port: number;
  let serverBytesRead: (clientPort: number) => number;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '3' });
    const http = await listen(app);
    port = Number(new URL(http.baseUrl).port);
    serverBytesRead = trackServerSockets(app.getHttpServer() as Server);
  });

  afterAll(() => app.close());

  const importHead = (contentType: string, key?: string): string =>
    `POST /v1/admin/users/import HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${contentType}\r\nContent-Length: ${ANNOUNCED_BYTES}\r\n` +
    `${key ? `Authorization: Bearer ${key}\r\n` : ''}\r\n`;

  it('reads a whole 15 MB body when the key is right (the measure sees a body read)', async () => {
    const answer = await uploadUntilAnswered(port, importHead('text/plain', ADMIN_KEY), ANNOUNCED_BYTES, serverBytesRead);
    expect(answer.status).toBe(415);
    expect(answer.serverBytesRead).toBeGreaterThan(ANNOUNCED_BYTES);
  });

  it.each(['text/plain', 'application/json', 'text/csv'])('answers an unauthenticated %s import 401 having read at most about one socket buffer', async (contentType) => {
    const answer = await uploadUntilAnswered(port, importHead(contentType), ANNOUNCED_BYTES, serverBytesRead);
    expect(answer).toEqual({ status: 401, serverBytesRead: expect.any(Number) });
    expect(answer.serverBytesRead).toBeLessThanOrEqual(ONE_SOCKET_READ);
  });

  it('answers a locked-out address 429 before its body, even with the right key', async () => {
    // The three 401s above spent this address's budget of 3.
    for (const key of ['wrong-key-0123456789abcdefgh', ADMIN_KEY]) {
      const answer = await uploadUntilAnswered(port, importHead('application/json', key), ANNOUNCED_BYTES, serverBytesRead);
      expect(answer.status).toBe(429);
      expect(answer.serverBytesRead).toBeLessThanOrEqual(ONE_SOCKET_READ);
    }
  });
});
