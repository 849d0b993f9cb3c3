import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { adminApi, captureLogs, expectProblem, type HttpClient, listen, uniqueSlug } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { FAKE_VENDOR_ORIGINS } from './support/fake-vendor-server.js';
import { createIntegration, problemFields, requestAsUser, uniqueSub } from './support/identity-api.js';

const PRIVATE_APP_TOKEN = `pat-na1-${randomUUID()}`;

/** A loopback HTTP server answering every request with `answer`, recording what reached it. */
async function httpServer(answer: Parameters<typeof createHttpServer>[1]): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push(body);
      answer?.(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const closeServer = (server: { close(done: () => void): unknown }): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/**
 * A vendor base URL is an admin's choice, so it must not reach what the service can reach: only the
 * vendor's documented hosts (or allow-listed ones), https, public addresses after DNS resolution,
 * no redirects; and what the vendor says stays in the log.
 */
describe('vendor base URLs cannot reach into the service network', () => {
  describe('without an allow-list', () => {
    let app: NestFastifyApplication;
    let http: HttpClient;

    beforeAll(async () => {
      app = await startTestApp({ VENDOR_HOST_ALLOWLIST: undefined });
      http = await listen(app);
    });

    afterAll(async () => {
      await app?.close();
    });

    const refusedBaseUrls = ['https://169.254.169.254', 'https://metadata.google.internal', 'https://10.0.0.7', 'http://127.0.0.1:8080', 'https://[::1]:8443', 'http://api.hubapi.com'];

    it.each(['hubspot', 'gladly'])('refuses %s integrations whose baseUrl is not the vendor’s documented host', async (vendor) => {
      for (const baseUrl of refusedBaseUrls) {
        const settings = vendor === 'gladly' ? { mode: 'jwt', baseUrl, apiUser: 'api@example.com' } : { baseUrl };
        const response = await adminApi(http).create({ slug: uniqueSlug('ssrf'), vendor, settings, secret: PRIVATE_APP_TOKEN });
        expect({ baseUrl, fields: problemFields(expectProblem(response, 400)) }).toEqual({ baseUrl, fields: ['settings.baseUrl'] });
      }
    });

    it('refuses moving an existing integration to such a host', async () => {
      const slug = uniqueSlug('ssrf-patch');
      await createIntegration(http, { slug, vendor: 'hubspot', settings: {}, secret: PRIVATE_APP_TOKEN });
      const response = await adminApi(http).update(slug, { settings: { baseUrl: 'https://169.254.169.254' } });
      expect(problemFields(expectProblem(response, 400))).toEqual(['settings.baseUrl']);
    });
  });

  describe('with an allow-list', () => {
    let app: NestFastifyApplication;
    let http: HttpClient;
    const logs = captureLogs();

    beforeAll(async () => {
      app = await startTestApp({ VENDOR_HOST_ALLOWLIST: `${FAKE_VENDOR_ORIGINS},localhost`, LOG_LEVEL: 'warn' }, { logDestination: logs.destination });
      http = await listen(app);
    });

    afterAll(async () => {
      await app?.close();
    });

    const logLineOf = (requestId: string): string => logs.lines.find((line) => line.includes(requestId) && line.includes('vendorDetail')) ?? '';

    it('never connects to an allow-listed host name that resolves to a loopback address', async () => {
      let connections = 0;
      const listener = createTcpServer((socket) => {
        connections++;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      try {
        const slug = uniqueSlug('ssrf-dns');
        await createIntegration(http, { slug, vendor: 'hubspot', settings: { baseUrl: `https://localhost:${(listener.address() as AddressInfo).port}` }, secret: PRIVATE_APP_TOKEN });
        const problem = expectProblem(await requestAsUser(http, slug, uniqueSub('ssrf-dns'), { email: 'ada@example.com' }), 503);
        expect(problem.detail).not.toMatch(/127\.0\.0\.1|::1/);
        expect(connections).toBe(0);
        expect(logLineOf(problem.requestId ?? 'no request id')).toMatch(/localhost resolves to (127\.0\.0\.1|::1), not a public address/);
      } finally {
        await closeServer(listener);
      }
    });

    it('does not follow a redirect: the user’s email never reaches the host it points to', async () => {
      const target = await httpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"stolen"}'));
      const redirector = await httpServer((_request, response) => response.writeHead(307, { location: `${target.url}/collect` }).end());
      try {
        const slug = uniqueSlug('ssrf-redirect');
        await createIntegration(http, { slug, vendor: 'hubspot', settings: { baseUrl: redirector.url }, secret: PRIVATE_APP_TOKEN });
        const email = `${randomUUID()}@example.com`;
        const response = await requestAsUser(http, slug, uniqueSub('ssrf-redirect'), { email, name: 'Ada Lovelace' });
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(redirector.requests.join()).toContain(email);
        expect(target.requests).toEqual([]);
      } finally {
        await Promise.all([closeServer(target.server), closeServer(redirector.server)]);
      }
    });

    it('keeps what the vendor said out of the answer and logs it with the request id', async () => {
      const marker = `vendor-internal-${randomUUID()}`;
      const vendor = await httpServer((_request, response) =>
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', message: marker, category: 'VALIDATION_ERROR' })),
      );
      try {
        const slug = uniqueSlug('ssrf-echo');
        await createIntegration(http, { slug, vendor: 'hubspot', settings: { baseUrl: vendor.url }, secret: PRIVATE_APP_TOKEN });
        const response = await requestAsUser(http, slug, uniqueSub('ssrf-echo'), { email: 'ada@example.com' });
        const problem = expectProblem(response, 422);
        expect(response.text).not.toContain(marker);
        expect(logLineOf(problem.requestId ?? 'no request id')).toContain(marker);
      } finally {
        await closeServer(vendor.server);
      }
    });
  });
});
