// Runs before any spec, outside Jest's module system: it uses the compiled sources (`npm test` builds
// them first) to create this run's fresh database and apply the real migrations to it.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from '../../dist/src/database/scratch-database.js';

export default async function globalSetup() {
  const database = await createScratchDatabase();
  globalThis.chatIdentityTestDatabase = database;
  // Workers inherit this; specs read it through test/support/database.ts.
  process.env.TEST_DATABASE_URL = database.url;
  // One master key for every spec on this database: a row sealed by one spec file must open in the others (readiness checks them all).
  process.env.TEST_MASTER_KEY = randomBytes(32).toString('base64');
}
