import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { IncomingMessage } from 'node:http';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { requestIdFromHeaders } from './common/request-id.js';
import { validateEnvironment } from './config/environment.js';
import { createLogger } from './logging/create-logger.js';
import { PinoLoggerService } from './logging/pino-logger.service.js';

export interface HttpAppOptions {
  /** Where log lines go. @default standard output */
  logDestination?: DestinationStream;
  /** Serve the Swagger UI pages at /docs (the JSON document at /docs-json is always served). @default true */
  swaggerUi?: boolean;
}

/** The standalone service on Fastify, initialized but not listening (main.ts and the e2e tests share it). */
export async function createHttpApp(rawEnvironment: NodeJS.ProcessEnv, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const environment = validateEnvironment(rawEnvironment);
  const logger = createLogger(environment.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    disableRequestLogging: true,
    requestIdLogLabel: 'requestId',
    // One id per request, shared by the request log, the x-request-id header and problem bodies.
    genReqId: (raw: IncomingMessage) => requestIdFromHeaders(raw.headers),
    bodyLimit: 16 * 1024 * 1024,
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'warn' : 'info';
    request.log[level](
      { method: request.method, path: request.routeOptions.url ?? request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(environment), adapter, {
    logger: new PinoLoggerService(logger),
  });
  exposeOpenApi(app, options.swaggerUi ?? true);
  await app.init();
  return app;
}

function exposeOpenApi(app: NestFastifyApplication, swaggerUiEnabled: boolean): void {
  const config = new DocumentBuilder()
    .setTitle('chat-identity')
    .setDescription('Verified chat-widget identities for logged-in users (Glassix, Gladly, Decimal, Tiledesk).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled,
  });
}
