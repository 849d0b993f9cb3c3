import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { ADMIN_HEADERS, listen } from './support/admin-api.js';
import { startTestApp, testEnvironment } from './support/app.js';
import { launchChromium } from './support/chromium.js';
import { type ServiceProcess, startServiceProcess } from './support/service-process.js';
import { HostAppModule } from './host/host-app.module.js';
import { configureHostEnvironment } from './host/host-client.js';
import { type RunningHost, startHostApp } from './host/start-host-app.js';

const FORWARDED_HTTPS = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' };

/** Headers that keep browsers and caches from misusing the answers. */
describe('security headers', () => {
  describe('the standalone service behind a trusted TLS proxy (TRUST_PROXY)', () => {
    let service: ServiceProcess;
    let browser: Browser;

    beforeAll(async () => {
      service = await startServiceProcess(testEnvironment({ TRUST_PROXY: '127.0.0.1' }));
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await service?.stop();
    });

    it('serves /docs with a CSP of its own origin, nosniff and no framing by other sites', async () => {
      const response = await fetch(`${service.baseUrl}/docs`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    });

    it('renders the Swagger UI in Chromium without a single CSP violation', async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      await page.exposeFunction('reportViolation', (violation: string) => violations.push(violation));
      // Page-side code as a string: this test project is typed for Node, not the DOM.
      await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => reportViolation(event.violatedDirective + ' ' + event.blockedURI))`);
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${service.baseUrl}/docs`);
      await page.waitForSelector('.swagger-ui .info .title');
      await page.waitForSelector('.opblock-tag');
      expect(await page.textContent('.swagger-ui .info .title')).toContain('chat-identity');
      expect(violations).toEqual([]);
      await page.close();
    });

    it("gives the JSON API's answers the API set (nothing loads or frames under them) and helmet's set to the rest", async () => {
      const securityHeaders = (response: Response): Record<string, string> =>
        Object.fromEntries(
          [...response.headers].filter(([name]) => /^(content-security-policy|cross-origin-|origin-agent-cluster|referrer-policy|x-content-type-options|x-dns-prefetch-control|x-download-options|x-frame-options|x-permitted-cross-domain-policies|x-xss-protection)/.test(name)),
        );
      const apiSet = {
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cross-origin-resource-policy': 'cross-origin',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      };
      // A token request refused for want of a token, a health check, an admin refusal, the JWKS: all JSON.
      for (const [method, path] of [['POST', '/v1/identity/any-integration'], ['GET', '/health'], ['GET', '/health/ready'], ['GET', '/v1/admin/integrations'], ['GET', '/v1/jwks/no-such-integration']] as const) {
        const response = await fetch(`${service.baseUrl}${path}`, { method });
        expect({ path, headers: securityHeaders(response) }).toEqual({ path, headers: apiSet });
      }
      // Fails if the pages lose helmet's document headers (COOP, Origin-Agent-Cluster) along with the API.
      for (const path of ['/docs', '/sdk/chat-identity.js', '/no-such-page']) {
        const headers = securityHeaders(await fetch(`${service.baseUrl}${path}`));
        expect({ path, coop: headers['cross-origin-opener-policy'], agentCluster: headers['origin-agent-cluster'], csp: headers['content-security-policy'] }).toEqual({
          path,
          coop: 'same-origin',
          agentCluster: '?1',
          csp: expect.stringContaining("default-src 'self'"),
        });
      }
    });

    it('sets HSTS only when a trusted proxy says TLS ended in front of it', async () => {
      const forwarded = await fetch(`${service.baseUrl}/health`, { headers: FORWARDED_HTTPS });
      expect(forwarded.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
      const direct = await fetch(`${service.baseUrl}/health`);
      expect(direct.headers.get('strict-transport-security')).toBeNull();
    });
  });

  describe('the standalone service with no trusted proxy', () => {
    let app: NestFastifyApplication;
    let baseUrl: string;

    beforeAll(async () => {
      app = await startTestApp();
      baseUrl = (await listen(app)).baseUrl;
    });

    afterAll(async () => {
      await app?.close();
    });

    it('ignores an x-forwarded-proto anyone can send: no HSTS', async () => {
      const response = await fetch(`${baseUrl}/health`, { headers: FORWARDED_HTTPS });
      expect(response.headers.get('strict-transport-security')).toBeNull();
    });

    it('marks every admin answer no-store, refusals included', async () => {
      for (const [path, headers] of [
        ['/v1/admin/integrations', ADMIN_HEADERS],
        ['/v1/admin/audit', ADMIN_HEADERS],
        ['/v1/admin/integrations', {}],
        ['/v1/admin/integrations/no-such-integration', ADMIN_HEADERS],
      ] as const) {
        const response = await fetch(`${baseUrl}${path}`, { headers });
        expect({ path, status: response.status, cacheControl: response.headers.get('cache-control') }).toEqual({ path, status: expect.any(Number), cacheControl: 'no-store' });
      }
    });
  });

  describe('the module mounted in a host app', () => {
    let host: RunningHost;
    let restoreEnvironment: () => void;

    beforeAll(async () => {
      restoreEnvironment = configureHostEnvironment();
      host = await startHostApp(HostAppModule, 'express');
    });

    afterAll(async () => {
      await host?.app.close();
      restoreEnvironment?.();
    });

    it('marks its admin answers no-store too', async () => {
      const refused = await fetch(`${host.url}/chat/v1/admin/integrations`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('cache-control')).toBe('no-store');
    });
  });
});
