import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';

/** A year, the preload lists' minimum. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * The standalone's security headers, helmet's: a CSP that allows only this origin (plus the inline
 * styles and data: images the Swagger UI at /docs uses), no framing by other sites, nosniff, no referrer.
 * The browser library at /sdk/ is loaded by other origins, so resources may be embedded cross-origin.
 */
const HELMET_OPTIONS: FastifyHelmetOptions = {
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
};

/**
 * What OWASP's REST Security Cheat Sheet asks of an API's answers: nothing may load or be framed under
 * them, nothing sniffed, no referrer; resources may be read cross-origin like the rest of the service.
 * Helmet's other headers (COOP, Origin-Agent-Cluster, DNS prefetch, legacy IE and Flash ones) govern
 * documents, which these JSON answers are not: five headers, not eleven, on the request every page load makes.
 */
const API_HEADERS: OutgoingHttpHeaders = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'cross-origin',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** The routes that answer JSON only: the versioned API, health and metrics (by route pattern, so a 404 is not one). */
const isApiRoute = (pattern: string | undefined): boolean =>
  pattern !== undefined && (pattern.startsWith('/v1/') || pattern === '/health' || pattern.startsWith('/health/') || pattern === '/metrics');

/**
 * Adds API_HEADERS to the JSON API's answers and helmet's headers to every other one (the pages, the
 * browser library, the OpenAPI document, a 404), and HSTS to all only when TLS ends in front of the service: the
 * request came from a trusted proxy (TRUST_PROXY) with `x-forwarded-proto: https`, which Fastify
 * reports as `request.protocol`.
 */
export async function addSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  // @fastify/helmet rebuilds helmet from its options on every request (a fifth of the token request's
  // pipeline); without nonces its headers depend on the options alone, so they are taken once.
  const documentHeaders = await helmetHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isApiRoute(request.routeOptions.url) ? API_HEADERS : documentHeaders);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
    done(null, payload);
  });
}

/** The headers helmet adds to an answer: those of a scratch Fastify's answer with helmet, less those of one without. */
async function helmetHeaders(): Promise<OutgoingHttpHeaders> {
  const probe = Fastify();
  await probe.register(fastifyHelmet, HELMET_OPTIONS);
  probe.get('/with', () => '');
  probe.get('/without', { helmet: false }, () => '');
  try {
    const origin = await probe.listen({ port: 0, host: '127.0.0.1' });
    const [withHelmet, without] = await Promise.all(['with', 'without'].map(async (path) => (await fetch(`${origin}/${path}`)).headers));
    return Object.fromEntries([...withHelmet].filter(([name]) => !without.has(name)));
  } finally {
    await probe.close();
  }
}
