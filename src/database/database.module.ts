import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { postgresOptions } from './database-options.js';
import { EmbeddedDatabaseHolder } from './embedded-database.holder.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { runMigrationsExclusively } from './run-migrations.js';

const EMBEDDED_DATABASE_NAME = 'chat_identity';

/** DATABASE_URL when set, else an embedded PostgreSQL under DATA_DIR; migrations run before anything else. */
@Module({
  providers: [
    {
      provide: EmbeddedDatabaseHolder,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<Environment, true>): Promise<EmbeddedDatabaseHolder> => {
        const logger = new Logger('Database');
        if (config.get('DATABASE_URL', { infer: true })) {
          logger.log(`Using the PostgreSQL server of DATABASE_URL (${safeLocation(config.get('DATABASE_URL', { infer: true }))})`);
          return new EmbeddedDatabaseHolder();
        }
        const dataDir = config.get('DATA_DIR', { infer: true });
        const port = config.get('EMBEDDED_DATABASE_PORT', { infer: true });
        const database = await startEmbeddedPostgres({ dataDir, port, databaseName: EMBEDDED_DATABASE_NAME });
        logger.log(`Using the embedded PostgreSQL in ${dataDir} on 127.0.0.1:${port} (no DATABASE_URL set)`);
        return new EmbeddedDatabaseHolder(database);
      },
    },
  ],
  exports: [EmbeddedDatabaseHolder],
})
class EmbeddedDatabaseModule {}

export const DatabaseModule = TypeOrmModule.forRootAsync({
  imports: [EmbeddedDatabaseModule],
  inject: [ConfigService, EmbeddedDatabaseHolder],
  useFactory: (config: ConfigService<Environment, true>, holder: EmbeddedDatabaseHolder) =>
    postgresOptions(holder.database?.url ?? config.get('DATABASE_URL', { infer: true })),
  dataSourceFactory: async (options) => {
    const dataSource = await new DataSource(options!).initialize();
    const applied = await runMigrationsExclusively(dataSource);
    if (applied.length > 0) new Logger('Database').log(`Applied migrations: ${applied.join(', ')}`);
    return dataSource;
  },
});

/** Host, port and database of a connection URL: never its credentials. */
function safeLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
