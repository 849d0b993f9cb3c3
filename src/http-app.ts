import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type FastifyError, type FastifyReply, type FastifyRequest, LogController, type RawServerDefault } from 'fastify';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { PROBLEM_CONTENT_TYPE, problem } from './common/problem-details.js';
import { requestIdFromHeaders } from './common/request-id.js';
import { routePatternOf } from './common/route-pattern.js';
import { validateEnvironment } from './config/environment.js';
import { trustProxySetting } from './config/trust-proxy.js';
import { closeConnectionsOnShutdown } from './http-server/closing-connections.js';
import { heldBodyStream, holdJsonBodyStream } from './http-server/held-body-stream.js';
import { endAfterDiscarding, lingerAfterRefusedBodies } from './http-server/lingering-close.js';
import { addSecurityHeaders } from './http-server/security-headers.js';
import { createLogger } from './logging/create-logger.js';
import { deferredRequestLoggers } from './logging/deferred-request-logger.js';
import { PinoLoggerService } from './logging/pino-logger.service.js';
import { ChatIdentityMetrics } from './metrics/chat-identity-metrics.js';
import { MAX_IMPORT_BYTES, USERS_IMPORT_PATH } from './users/import/import-body.js';
import { METRICS_SECURITY_SCHEME } from './metrics-endpoint/metrics.controller.js';
import { addChatIdentityOpenApi } from './openapi/chat-identity-openapi.js';
import { chatIdentityVersion } from './openapi/package-version.js';

export interface HttpAppOptions {
  /** Where log lines go. @default standard output */
  logDestination?: DestinationStream;
  /** Serve the Swagger UI pages at /docs (the JSON document at /docs-json is always served). @default true */
  swaggerUi?: boolean;
  /** Where the built browser library served at /sdk/ is. @default the build's dist/src/browser */
  browserSdkDirectory?: string;
}

/** The standalone service on Fastify, initialized but not listening (main.ts and the e2e tests share it). */
export async function createHttpApp(rawEnvironment: NodeJS.ProcessEnv, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const environment = validateEnvironment(rawEnvironment);
  const logger = createLogger(environment.LOG_LEVEL, options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Fastify's own request lines are off (the onResponse hook below writes one per request); `requestId` labels the id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: deferredRequestLoggers,
    // One id per request, shared by the request log, the x-request-id header and problem bodies.
    genReqId: (raw: IncomingMessage) => requestIdFromHeaders(raw.headers),
    // Refused (413) from Content-Length, or as the bytes arrive, before any parsing; see the onRoute hook for the import.
    bodyLimit: environment.BODY_LIMIT_BYTES,
    // A request head Node refuses (over-long headers: 431, a malformed request line: 400) is a problem too.
    clientErrorHandler: answerClientError,
    // request.ip (rate limits, logs) is the X-Forwarded-For client only behind the proxies TRUST_PROXY names.
    trustProxy: trustProxySetting(environment.TRUST_PROXY),
    // External ids are up to 255 characters, up to 12 each once URL-encoded; Fastify's default is 100 (then 414).
    routerOptions: { maxParamLength: 4096 },
    // The router's own errors (over-long path parameter, malformed URL) never reach Nest's filter: answer them as problems too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      void reply
        .code(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('x-request-id', request.id)
        .send({ ...problem(status, status < 500 ? error.message : 'An unexpected error occurred.'), requestId: request.id });
    },
  });
  const fastify = adapter.getInstance();
  // First of the request hooks: every answer has them, those a later hook gives (an admin refusal) too.
  await addSecurityHeaders(fastify);
  closeConnectionsOnShutdown(fastify);
  lingerAfterRefusedBodies(fastify);
  // Only the bulk import takes bodies past the general limit (Nest registers its routes at init, after this hook).
  fastify.addHook('onRoute', (route) => {
    if (route.url !== USERS_IMPORT_PATH) return;
    route.bodyLimit = Math.max(MAX_IMPORT_BYTES, environment.BODY_LIMIT_BYTES);
    holdJsonBodyStream(route);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // The request line has a fixed shape (id, method, route pattern, status, time) with nothing to redact,
  // so it skips the redactor, which copied every line it inspected (about half of the line's cost and a
  // fifth of the service's garbage per request). Same output as through request.log.
  const requestLog = logger.child({}, { redact: [] });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    requestLog[level](
      { requestId: request.id, method: request.method, path: request.routeOptions.url ?? request.url.split('?')[0], status, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forEnvironment(environment, { browserSdkDirectory: options.browserSdkDirectory }), adapter, {
    logger: new PinoLoggerService(logger),
    // A failed start is thrown to the caller (main.ts says why and exits), not ended by Nest with exit(1).
    abortOnError: false,
  });
  const metrics = app.get(ChatIdentityMetrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: one series per route whatever the path parameters.
    metrics.requestCompleted(request.method, routePatternOf(request), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  // JSON as Fastify parses it (__proto__ and constructor keys refused), except the import's: JSON.parse of a
  // 16 MB body would hold the event loop for over 100 ms, so that route gets its stream and parses it a slice at a time.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    const held = heldBodyStream(request);
    return held ? done(null, held) : parseJson(request, body.toString(), done);
  });
  if (environment.CORS_ORIGINS?.length) {
    // Web apps on other origins call the token endpoint with their user's bearer token.
    app.enableCors({ origin: environment.CORS_ORIGINS, exposedHeaders: ['x-request-id', 'retry-after'], maxAge: 600 });
  }
  exposeOpenApi(app, options.swaggerUi ?? true);
  await app.init();
  return app;
}

/**
 * Fastify's `clientErrorHandler`: errors Node's HTTP parser raises before a request exists (so no route,
 * hook or filter sees them) answered as problem+json on the raw socket, which is then closed the way a
 * 413 is (see endAfterDiscarding): a client still sending (bytes after a GET that framed no body, an
 * over-long head) gets the answer, not a reset that loses it.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // Node's parser reports every later chunk of a refused connection again: it was answered the first time.
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify(problem(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    endAfterDiscarding(socket);
  } else {
    socket.destroy();
  }
}

function exposeOpenApi(app: NestFastifyApplication, swaggerUiEnabled: boolean): void {
  const config = new DocumentBuilder()
    .setTitle('chat-identity')
    .setDescription('Verified chat-widget identities for logged-in users: the token endpoint for web and mobile clients, and the admin API.')
    .setVersion(chatIdentityVersion())
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    // Relative: the paths resolve against wherever the document was fetched from.
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when it is set.' }, METRICS_SECURITY_SCHEME)
    .build();
  SwaggerModule.setup('docs', app, () => addChatIdentityOpenApi(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'docs-json',
    swaggerUiEnabled,
  });
}
