import { afterAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { freePort } from '../src/database/tcp-port.js';

/**
 * The zero-setup path exactly as a newcomer runs it: the built service (`npm test` builds it first),
 * no DATABASE_URL, an embedded PostgreSQL in a fresh DATA_DIR, keys generated on first start.
 */
describe('the standalone service process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-identity-process-'));
  let child: ChildProcess | undefined;
  let baseUrl = '';
  /** What the current process wrote (stdout and stderr). */
  let output = '';

  function spawnService(overrides: NodeJS.ProcessEnv, port: number, databasePort: number): ChildProcess {
    const environment: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_DATABASE_PORT: String(databasePort), LOG_LEVEL: 'warn', ...overrides };
    delete environment.DATABASE_URL;
    output = '';
    const spawned = spawn(process.execPath, ['dist/src/main.js'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    spawned.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    return spawned;
  }

  async function start(overrides: NodeJS.ProcessEnv = {}): Promise<number> {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const startedAt = Date.now();
    child = spawnService(overrides, port, await freePort());
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output.split('\n').slice(-30).join('\n')}`);
      const ready = await fetch(`${baseUrl}/health/ready`).then((response) => response.status === 200, () => false);
      if (ready) return Date.now() - startedAt;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const running = child;
    if (!running || running.exitCode !== null) return running?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));
    running.kill(signal);
    return exited;
  }

  /** A port this test holds open, so that nothing else can listen on it. */
  async function holdPort(): Promise<{ port: number; release(): Promise<void> }> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('not listening');
    return { port: address.port, release: () => new Promise((resolve) => server.close(() => resolve())) };
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

  it('stops the service, then its database, on Ctrl-C (SIGINT), with the last log lines written', async () => {
    expect(await stop()).toBe(0);
    await start({ LOG_LEVEL: 'info' });
    expect(await stop('SIGINT')).toBe(0);
    expect(output).toContain('SIGINT received: closing');
    expect(output).toContain('Closed: service and database stopped');
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 40_000);

  it('fails naming EMBEDDED_DATABASE_PORT and showing what PostgreSQL said when that port is busy', async () => {
    const busy = await holdPort();
    try {
      child = spawnService({}, await freePort(), busy.port);
      const code = await new Promise<number | null>((resolve) => child!.once('exit', (exitCode) => resolve(exitCode)));
      expect(code).toBe(1);
      expect(output).toContain(`did not start on 127.0.0.1:${busy.port} (EMBEDDED_DATABASE_PORT chooses it)`);
      expect(output).toMatch(/could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
      expect(output).not.toContain('"msg":"undefined"');
    } finally {
      await busy.release();
    }
  }, 40_000);

  it('uses a free port when the default one is busy', async () => {
    const busy = await holdPort();
    try {
      const database = await startEmbeddedPostgres({ dataDir, port: busy.port, portFallback: true, databaseName: 'chat_identity' });
      try {
        expect(database.port).not.toBe(busy.port);
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        expect((await client.query('SELECT count(*)::int AS users FROM chat_identity.end_user')).rows[0].users).toBeGreaterThan(0);
        await client.end();
      } finally {
        await database.stop();
      }
    } finally {
      await busy.release();
    }
  }, 40_000);
});
