import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { requestIdFromHeaders } from './common/request-id.js';

/** The standalone service on Fastify, initialized but not listening (main.ts and the e2e tests share it). */
export async function createHttpApp(environment: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
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
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(environment), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  exposeOpenApi(app);
  await app.init();
  return app;
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
