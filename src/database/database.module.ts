import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { DatabaseConnector } from './database-connector.js';
import { postgresOptions } from './database-options.js';
import { EmbeddedDatabaseHolder } from './embedded-database.holder.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const EMBEDDED_DATABASE_NAME = 'chat_identity';
const DEFAULT_EMBEDDED_PORT = 54329;

/** DATABASE_URL when set, else an embedded PostgreSQL under DATA_DIR. */
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
        const configuredPort = config.get('EMBEDDED_DATABASE_PORT', { infer: true });
        const database = await startEmbeddedPostgres({
          dataDir,
          port: configuredPort ?? DEFAULT_EMBEDDED_PORT,
          portFallback: configuredPort === undefined,
          portSetting: 'EMBEDDED_DATABASE_PORT',
          databaseName: EMBEDDED_DATABASE_NAME,
          onLog: (line) => logger.debug(line),
        });
        if (database.port !== (configuredPort ?? DEFAULT_EMBEDDED_PORT)) {
          logger.warn(`Port ${DEFAULT_EMBEDDED_PORT} is busy: the embedded PostgreSQL listens on ${database.port} (set EMBEDDED_DATABASE_PORT to choose)`);
        }
        logger.log(`Using the embedded PostgreSQL in ${dataDir} on 127.0.0.1:${database.port} (no DATABASE_URL set)`);
        return new EmbeddedDatabaseHolder(database);
      },
    },
  ],
  exports: [EmbeddedDatabaseHolder],
})
class EmbeddedDatabaseModule {}

const databaseUrl = (config: ConfigService<Environment, true>, holder: EmbeddedDatabaseHolder): string =>
  holder.database?.url ?? config.get('DATABASE_URL', { infer: true });

/**
 * The standalone's DataSource, connected (and migrated) by DatabaseConnector rather than at creation:
 * a database that is down at start delays readiness, not the start. Until it is connected, whatever
 * needs it fails with a "not connected" error that the problem filter answers as 503 (entity metadata
 * is there from the start: the factory builds it without a connection).
 */
@Module({
  imports: [
    EmbeddedDatabaseModule,
    TypeOrmModule.forRootAsync({
      imports: [EmbeddedDatabaseModule],
      inject: [ConfigService, EmbeddedDatabaseHolder],
      useFactory: (config: ConfigService<Environment, true>, holder: EmbeddedDatabaseHolder) => {
        // A token request waits less (cache.loadTimeoutMs): these bound everything else, and a hung server.
        const timeoutMs = config.get('DATABASE_QUERY_TIMEOUT_MS', { infer: true });
        return { ...postgresOptions(databaseUrl(config, holder), { connectMs: timeoutMs, queryMs: timeoutMs }), manualInitialization: true };
      },
      dataSourceFactory: async (options) => {
        const dataSource = new DataSource(options!);
        // Entity metadata needs no connection: services read their table names at construction, database down or not.
        await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
        return dataSource;
      },
    }),
  ],
  providers: [
    {
      provide: DatabaseConnector,
      inject: [getDataSourceToken(), ConfigService, EmbeddedDatabaseHolder],
      useFactory: async (dataSource: DataSource, config: ConfigService<Environment, true>, holder: EmbeddedDatabaseHolder) => {
        const connectMs = config.get('DATABASE_QUERY_TIMEOUT_MS', { infer: true });
        // Migrations need no entities: their DataSource only connects, and builds no metadata.
        const connector = new DatabaseConnector(dataSource, { ...postgresOptions(databaseUrl(config, holder), { connectMs }), entities: [] });
        // Before any other provider's init hook: the change feed's first LISTEN needs the connection.
        await connector.start();
        return connector;
      },
    },
  ],
  exports: [EmbeddedDatabaseModule],
})
export class DatabaseModule {}

/** Host, port and database of a connection URL: never its credentials. */
function safeLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
