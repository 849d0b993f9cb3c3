// The one request line per request (src/http-app.ts), at the production default level: its fields,
// its level by status, and nothing from the request's credentials in it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { userToken } from './support/tokens.js';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  ms?: number;
}

describe('the request log', () => {
  const lines: string[] = [];
  let app: NestFastifyApplication;
  let baseUrl = '';
  const slug = `request-log-${randomUUID()}`;

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, { logDestination: { write: (line: string) => void lines.push(line) } });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const created = await fetch(`${baseUrl}/v1/admin/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug, vendor: 'decimal', settings: {}, secret: 'a-decimal-secret-for-the-log-test' }),
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await app.close();
  });

  const requestLines = (requestId: string): LogLine[] =>
    lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.msg === 'request' && line.requestId === requestId);

  it('writes one info line per token request: id, method, route, status and time, never the token', async () => {
    const token = await userToken(`log-${randomUUID()}`, { email: 'ada@example.com' });
    const response = await fetch(`${baseUrl}/v1/identity/${slug}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id')!;
    expect(requestLines(requestId)).toEqual([
      { level: 30, time: expect.any(Number), pid: expect.any(Number), hostname: expect.any(String), requestId, method: 'POST', path: '/v1/identity/:integration', status: 200, ms: expect.any(Number), msg: 'request' },
    ]);
    expect(lines.join('')).not.toContain(token.split('.')[2]);
  });

  it('logs a refused request at warn', async () => {
    const response = await fetch(`${baseUrl}/v1/identity/${slug}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(requestLines(response.headers.get('x-request-id')!)).toEqual([expect.objectContaining({ level: 40, status: 401 })]);
  });
});
