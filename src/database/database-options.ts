import type { DataSourceOptions } from 'typeorm';
import { chatIdentityMigrations } from '../../migrations/index.js';
import { chatIdentityEntities } from '../entities.js';

/** The standalone service's TypeORM options: schema changes only ever come from migrations. */
export function postgresOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: chatIdentityEntities,
    migrations: chatIdentityMigrations,
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20 },
  };
}
