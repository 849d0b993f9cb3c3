import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A year, the preload lists' minimum. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The standalone's security headers, through helmet: a CSP that allows only this origin (plus the
 * inline styles and data: images the Swagger UI at /docs uses), no framing by other sites, nosniff,
 * no referrer. The browser library at /sdk/ is loaded by other origins, so resources may be embedded
 * cross-origin. HSTS only when TLS ends in front of the service: the request came from a trusted proxy
 * (TRUST_PROXY) with `x-forwarded-proto: https`, which Fastify reports as `request.protocol`.
 */
export async function addSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    hsts: false,
  });
  app.getHttpAdapter().getInstance().addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
    done(null, payload);
  });
}
