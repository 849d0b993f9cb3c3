import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { postgresOptions } from './database-options.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrationsExclusively } from './run-migrations.js';
import { freePort } from './tcp-port.js';

// Tests took it from here before it had a file of its own.
export { freePort };

export interface ScratchDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * A throwaway database for one test or benchmark run, so runs never collide: on the server of DATABASE_URL when set,
 * else on an embedded PostgreSQL in a temporary folder. The real migrations are applied.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `chat_identity_scratch_${Date.now()}_${process.pid}`;
  const database = process.env.DATABASE_URL ? await createDatabaseOnServer(process.env.DATABASE_URL, name) : await embedded(name);
  const dataSource = await new DataSource(postgresOptions(database.url)).initialize();
  try {
    await runMigrationsExclusively(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return database;
}

/** A new, empty database named `name` on the server of `serverUrl` (any database URL of it, as a superuser). */
export async function createDatabaseOnServer(serverUrl: string, name: string): Promise<ScratchDatabase> {
  const admin = new URL(serverUrl);
  const withDatabase = (database: string): string => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const run = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  return {
    url: withDatabase(name),
    dispose: () => run(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
  };
}

async function embedded(name: string): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chat-identity-scratch-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), databaseName: name, persistent: false });
  return {
    url: server.url,
    dispose: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
