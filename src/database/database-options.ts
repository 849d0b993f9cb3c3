import type { DataSourceOptions } from 'typeorm';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
import { chatIdentityMigrations } from '../../migrations/index.js';
import { chatIdentityEntities, chatIdentitySchema } from '../entities.js';
import { CHAT_IDENTITY_MIGRATIONS_TABLE } from './run-migrations.js';

/**
 * The standalone service's TypeORM options: schema changes only ever come from migrations, which
 * runMigrationsExclusively applies (recorded in the own schema's migrations table).
 */
export function postgresOptions(url: string): PostgresOptions {
  return {
    type: 'postgres',
    url,
    entities: chatIdentityEntities,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20 },
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
