import { afterAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/tcp-port.js';

/**
 * The zero-setup path exactly as a newcomer runs it: the built service (`npm test` builds it first),
 * no DATABASE_URL, an embedded PostgreSQL in a fresh DATA_DIR, keys generated on first start.
 */
describe('the standalone service process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-identity-process-'));
  let child: ChildProcess | undefined;
  let baseUrl = '';

  async function start(): Promise<number> {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const environment: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_DATABASE_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
    delete environment.DATABASE_URL;
    const startedAt = Date.now();
    child = spawn(process.execPath, ['dist/src/main.js'], { env: environment, stdio: ['ignore', 'ignore', 'pipe'] });
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
      const ready = await fetch(`${baseUrl}/health/ready`).then((response) => response.status === 200, () => false);
      if (ready) return Date.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop(): Promise<number | null> {
    const running = child;
    if (!running || running.exitCode !== null) return running?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
    running.kill('SIGTERM');
    return exited;
  }

  async function tokenFor(externalId: string): Promise<{ status: number; userId?: string }> {
    const response = await fetch(`${baseUrl}/v1/identity/decimal-quickstart`, {
      method: 'POST',
      headers: { 'x-service-key': readFileSync(join(dataDir, 'service-key'), 'utf8').trim(), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: { externalId, email: `${externalId}@example.com` } }),
    });
    return { status: response.status, ...((await response.json()) as { userId?: string }) };
  }

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with no database configured and answers /health/ready within 30 s', async () => {
    const elapsedMs = await start();
    console.log(`standalone service ready in ${elapsedMs} ms (fresh embedded PostgreSQL)`);
    expect(elapsedMs).toBeLessThan(30_000);
  }, 40_000);

  it('serves the OpenAPI document and the Swagger UI', async () => {
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/identity/{integration}', '/v1/admin/integrations']));
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it('follows the README quick start to a token with the generated keys', async () => {
    const created = await fetch(`${baseUrl}/v1/admin/integrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readFileSync(join(dataDir, 'admin-api-key'), 'utf8').trim()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'decimal-quickstart', vendor: 'decimal', settings: {}, secret: 'the-secret-decimal-gave-you' }),
    });
    expect(created.status).toBe(201);
    const token = await tokenFor('quickstart-user');
    expect(token.status).toBe(200);
    expect(token.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stops cleanly on SIGTERM and keeps every UUID across a restart', async () => {
    const before = await tokenFor('restart-user');
    expect(await stop()).toBe(0);
    await start();
    const after = await tokenFor('restart-user');
    expect(after.userId).toBe(before.userId);
  }, 40_000);
});
