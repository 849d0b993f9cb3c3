import type { DataSourceOptions } from 'typeorm';
import { chatIdentityMigrations } from '../../migrations/index.js';
import { chatIdentityEntities, chatIdentitySchema } from '../entities.js';
import { CHAT_IDENTITY_MIGRATIONS_TABLE } from './run-migrations.js';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

export interface DatabaseTimeouts {
  /** Opening a connection, and waiting for a free one in the pool. */
  connectMs?: number;
  /** One statement: cancelled by the server (`statement_timeout`), or given up by the client when the server hangs. */
  queryMs?: number;
}

/**
 * The standalone service's TypeORM options: schema changes only ever come from migrations, which
 * runMigrationsExclusively applies (recorded in the own schema's migrations table). Without timeouts a
 * hung database hangs every request with it; migrations run without a statement timeout (an index
 * build, or another replica holding the migration lock, may take longer).
 */
export function postgresOptions(url: string, timeouts: DatabaseTimeouts = {}): PostgresOptions {
  return {
    type: 'postgres',
    url,
    entities: chatIdentityEntities,
    synchronize: false,
    migrationsRun: false,
    extra: {
      max: 20,
      keepAlive: true,
      ...(timeouts.connectMs === undefined ? {} : { connectionTimeoutMillis: timeouts.connectMs }),
      ...(timeouts.queryMs === undefined ? {} : { statement_timeout: timeouts.queryMs, query_timeout: timeouts.queryMs }),
    },
  };
}

/** The same, for the TypeORM CLI: it runs, reverts and generates migrations against the own schema's migrations table. */
export function migrationCliOptions(url: string): PostgresOptions {
  return {
    ...postgresOptions(url),
    schema: chatIdentitySchema(),
    migrationsTableName: CHAT_IDENTITY_MIGRATIONS_TABLE,
    migrations: chatIdentityMigrations,
    extra: { max: 2 },
  };
}
