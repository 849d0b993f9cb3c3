import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { requestIdFromHeaders } from './common/request-id.js';
import { EmbeddedDatabaseHolder } from './database/embedded-database.holder.js';

async function bootstrap(): Promise<void> {
  const adapter = new FastifyAdapter({
    // One id per request, shared by Fastify, the pino request log and problem bodies.
    genReqId: (raw: IncomingMessage) => {
      const id = requestIdFromHeaders(raw.headers);
      raw.id = id;
      return id;
    },
    bodyLimit: 16 * 1024 * 1024,
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  exposeOpenApi(app);
  stopCleanlyOnSignals(app);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen({ port, host: '0.0.0.0' });
  app.get(Logger).log(`chat-identity listening on http://localhost:${port} (OpenAPI at /docs)`);
}

function exposeOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('chat-identity')
    .setDescription('Verified chat-widget identities for logged-in users (Glassix, Gladly, Decimal, Tiledesk).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'docs-json' });
}

function stopCleanlyOnSignals(app: NestFastifyApplication): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.get(Logger).log(`${signal} received: closing`);
    await app.close();
    // After the app, whose pool still held connections to it.
    await app.get(EmbeddedDatabaseHolder, { strict: false }).stop();
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
