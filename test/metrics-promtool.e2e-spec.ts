// The whole GET /metrics answer, checked by Prometheus' own linter (promtool check metrics, from Debian's
// prometheus package): names, types, suffixes and help as Prometheus wants them, after real traffic.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { startTestApp } from './support/app.js';
import { type HttpClient, listen, uniqueSlug } from './support/admin-api.js';
import { createIntegration, expectIdentity, requestAsUser, requestIdentity, uniqueSub } from './support/identity-api.js';
import { bearer } from './support/tokens.js';

/** promtool's verdict on a metrics text: its exit code and what it printed. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const promtool = spawn(process.env.PROMTOOL_PATH ?? 'promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    promtool.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    promtool.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    promtool.on('error', (error) => reject(new Error(`promtool is needed (apt-get install prometheus): ${error.message}`)));
    promtool.on('close', (code) => resolve({ code, output }));
    promtool.stdin.end(text);
  });
}

describe('GET /metrics under promtool check metrics', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  const slug = uniqueSlug('promtool-glassix');

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    await createIntegration(http, { slug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret: `s-${randomUUID()}` });
    // Every kind of series has samples: tokens, refusals, latency, caches, secret ages.
    expectIdentity(await requestAsUser(http, slug, uniqueSub()));
    await requestIdentity(http, slug, { headers: bearer('forged') });
    await requestAsUser(http, uniqueSlug('no-such-integration'), uniqueSub());
  });

  afterAll(async () => {
    await app.close();
  });

  it('finds nothing to complain about in the whole answer', async () => {
    const response = await http.send('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/^chat_identity_refusals_total\{route="\/v1\/identity\/:integration",status="401"\} 1$/m);
    expect(response.text).toMatch(/^nodejs_active_handles\{type="[A-Za-z]+"\} \d+$/m);
    expect(await promtoolCheck(response.text)).toEqual({ code: 0, output: '' });
  });

  it('is a check that can fail: a gauge named *_total is refused', async () => {
    const verdict = await promtoolCheck('# HELP open_things_total Things open.\n# TYPE open_things_total gauge\nopen_things_total 3\n');
    expect(verdict.code).not.toBe(0);
    expect(verdict.output).toContain('non-counter metrics should not have "_total" suffix');
  });
});
