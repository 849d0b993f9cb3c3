import { DataSource, type DataSourceOptions, type Migration, MigrationExecutor } from 'typeorm';
import { chatIdentityMigrations } from '../../migrations/index.js';
import { chatIdentitySchema } from '../entities.js';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

// Any constant shared by every instance: replicas starting together apply migrations one at a time.
const MIGRATION_LOCK_KEY = 7_453_210_881;

/** chat-identity's migrations table, in its own schema: a host's migration history stays the host's. */
export const CHAT_IDENTITY_MIGRATIONS_TABLE = 'migrations';

const OUR_MIGRATION_NAMES = new Set(chatIdentityMigrations.map((migration) => migration.name));

/**
 * Applies chat-identity's pending migrations (recorded in `<schema>.migrations`), then the DataSource's
 * own pending migrations (recorded where the DataSource says), under a Postgres advisory lock. Returns
 * the names it applied. chat-identity's migrations listed in the DataSource's `migrations` (as earlier
 * versions asked) are left to the first step.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ours = await runOwnMigrations(dataSource);
    return [...ours, ...(await runHostMigrations(dataSource))];
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** On a DataSource of their own (one connection, for the duration): TypeORM takes the migrations table from its options. */
async function runOwnMigrations(host: DataSource): Promise<string[]> {
  if (host.options.type !== 'postgres') throw new Error(`chat-identity needs a PostgreSQL DataSource, not ${host.options.type}.`);
  const schema = chatIdentitySchema();
  const options: PostgresOptions = {
    ...host.options,
    schema,
    migrationsTableName: CHAT_IDENTITY_MIGRATIONS_TABLE,
    migrations: chatIdentityMigrations,
    entities: [],
    subscribers: [],
    synchronize: false,
    migrationsRun: false,
    dropSchema: false,
    poolSize: 1,
    extra: { ...host.options.extra, max: 1 },
  };
  const own = await new DataSource(options).initialize();
  try {
    await own.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await adoptLegacyHistory(own, host.options, schema);
    const applied = await own.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await own.destroy();
  }
}

/**
 * Versions before the own schema recorded chat-identity's migrations in the DataSource's migrations
 * table (`public.migrations` for the standalone). The first run in the own schema carries those rows
 * over, so the next migration moves the tables instead of creating empty ones beside them.
 */
async function adoptLegacyHistory(own: DataSource, hostOptions: PostgresOptions, schema: string): Promise<void> {
  const [{ adopted }]: Array<{ adopted: boolean }> = await own.query('SELECT to_regclass($1) IS NOT NULL AS adopted', [
    `${schema}.${CHAT_IDENTITY_MIGRATIONS_TABLE}`,
  ]);
  if (adopted) return;
  const [{ current }]: Array<{ current: string }> = await own.query('SELECT current_schema() AS current');
  const legacySchema = hostOptions.schema && hostOptions.schema !== schema ? hostOptions.schema : current;
  const legacyName = hostOptions.migrationsTableName ?? 'migrations';
  const legacyTable = `${quote(legacySchema)}.${quote(legacyName)}`;
  const [{ present }]: Array<{ present: boolean }> = await own.query('SELECT to_regclass($1) IS NOT NULL AS present', [legacyTable]);
  if (!present) return;
  const names = [...OUR_MIGRATION_NAMES];
  await own.transaction(async (manager) => {
    const rows: Array<{ timestamp: string; name: string }> = await manager.query(
      `SELECT "timestamp", name FROM ${legacyTable} WHERE name = ANY($1) ORDER BY id`,
      [names],
    );
    if (rows.length === 0) return;
    // The table TypeORM would create; TypeORM reads and extends it from here on.
    await manager.query(
      `CREATE TABLE ${schema}.${CHAT_IDENTITY_MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`,
    );
    for (const row of rows) {
      await manager.query(`INSERT INTO ${schema}.${CHAT_IDENTITY_MIGRATIONS_TABLE} ("timestamp", name) VALUES ($1, $2)`, [row.timestamp, row.name]);
    }
    await manager.query(`DELETE FROM ${legacyTable} WHERE name = ANY($1)`, [names]);
  });
}

/** The DataSource's own migrations (a host's), without chat-identity's. */
class HostMigrationExecutor extends MigrationExecutor {
  protected override getMigrations(): Migration[] {
    return super.getMigrations().filter((migration) => !OUR_MIGRATION_NAMES.has(migration.name));
  }
}

async function runHostMigrations(dataSource: DataSource): Promise<string[]> {
  const hostHasOwn = dataSource.migrations.some((migration) => !OUR_MIGRATION_NAMES.has(migrationName(migration)));
  if (!hostHasOwn) return [];
  const executor = new HostMigrationExecutor(dataSource);
  executor.transaction = 'each';
  return (await executor.executePendingMigrations()).map((migration) => migration.name);
}

const migrationName = (migration: { name?: string; constructor: { name: string } }): string => migration.name ?? migration.constructor.name;

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
