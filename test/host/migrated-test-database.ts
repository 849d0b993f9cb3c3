import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { chatIdentityEntities, runMigrationsExclusively } from 'chat-identity';
import { DataSource } from 'typeorm';
import { testDatabaseUrl } from '../support/database.js';

/** A host's default DataSource on this run's database, with chat-identity's migrations run, as the README mounts it. */
export const migratedTestDatabase = (): DynamicModule =>
  TypeOrmModule.forRootAsync({
    useFactory: () => ({ type: 'postgres', url: testDatabaseUrl(), entities: [...chatIdentityEntities] }),
    dataSourceFactory: async (options) => {
      const dataSource = await new DataSource(options!).initialize();
      await runMigrationsExclusively(dataSource);
      return dataSource;
    },
  });
