import { DataSource } from 'typeorm';

// Any constant shared by every instance: replicas starting together apply migrations one at a time.
const MIGRATION_LOCK_KEY = 7_453_210_881;

/** Applies pending migrations under a Postgres advisory lock; returns the names it applied. */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
