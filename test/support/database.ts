import { randomUUID } from 'node:crypto';
import { createDatabaseOnServer, type ScratchDatabase } from '../../src/database/scratch-database.js';

/** The fresh, migrated database of this test run (see test/setup/global-setup.mjs). */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`');
  return url;
}

/** This run's master key (base64 of 32 bytes, id `k1` wherever it is used), shared by every spec on this run's database. */
export function testMasterKey(): string {
  const key = process.env.TEST_MASTER_KEY;
  if (!key) throw new Error('TEST_MASTER_KEY is not set: run the tests with `npm test`');
  return key;
}

/** A new database with nothing in it (no migrations), on the server of this run's database; dispose() drops it. */
export function emptyDatabase(label: string): Promise<ScratchDatabase> {
  return createDatabaseOnServer(testDatabaseUrl(), `chat_identity_${label}_${randomUUID().slice(0, 8)}`);
}
