import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  basicCredentials,
  FAKE_EMAIL,
  type FakeVendorRequest,
  type FakeVendorServer,
  jsonObjectBody,
  startFakeVendorServer,
} from './fake-vendor-server.js';

export interface FakeGladlyOptions {
  /** @default 'api-user@example.com' */
  apiUser?: string;
  /** @default 'the-api-token' */
  apiToken?: string;
  /** Lifetime of the tokens it mints. @default 3600 */
  tokenTtlSeconds?: number;
  /** Gladly's default per-organization limit. @default 10 */
  requestsPerSecond?: number;
  /** The clock its rate-limit window and `receivedAt` are read from (a test's own clock). @default Date.now */
  now?: () => number;
}

/** Forces the next answers; `times` = how many requests it applies to (default: until changed). */
export type FakeGladlyBehaviour = (
  | { respond: 'unauthorized' }
  | { respond: 'bad-request'; detail: string }
  | { respond: 'rate-limited'; retryAfterSeconds: number }
  | { respond: 'server-error'; status?: number }
  | { respond: 'slow'; delayMs: number }
  /** A 200 whose token is not a JWT, so it carries no readable `exp`. */
  | { respond: 'opaque-token' }
) & { times?: number };

export interface FakeGladlyRequest extends FakeVendorRequest {
  /** The user name of the Basic credentials, when they could be decoded. */
  authUser?: string;
}

export interface FakeGladly extends FakeVendorServer<FakeGladlyBehaviour, FakeGladlyRequest> {
  apiUser: string;
  apiToken: string;
}

interface GladlyError {
  attr: string;
  code: string;
  detail: string;
}

const IDENTITY_PATH = '/api/v1/user-identity-jwt';
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * A local stand-in for one Gladly organization's User Identity API, following the contract in
 * docs/vendors.md (Gladly): `POST /api/v1/user-identity-jwt`, HTTP Basic auth, 10 requests/second.
 * The whole server is one organization (one rate-limit window).
 */
export async function startFakeGladly(options: FakeGladlyOptions = {}): Promise<FakeGladly> {
  const apiUser = options.apiUser ?? 'api-user@example.com';
  const apiToken = options.apiToken ?? 'the-api-token';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const requestsPerSecond = options.requestsPerSecond ?? 10;
  const now = options.now ?? ((): number => Date.now());
  const signingKey = new Uint8Array(randomBytes(32));
  const acceptedAt: number[] = [];

  /** Sliding one-second window of accepted requests, the whole server being one organization. */
  const rateLimitRetryAfter = (at: number): number | undefined => {
    while (acceptedAt.length > 0 && at - acceptedAt[0] >= 1000) acceptedAt.shift();
    if (acceptedAt.length < requestsPerSecond) {
      acceptedAt.push(at);
      return undefined;
    }
    return Math.max(1, Math.ceil((acceptedAt[0] + 1000 - at) / 1000));
  };

  const mint = (identityType: string, identity: string): Promise<string> =>
    new SignJWT({ identityType, identity })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('fake-gladly')
      .setSubject(identity)
      .setIssuedAt(Math.floor(now() / 1000))
      .setExpirationTime(Math.floor(now() / 1000) + tokenTtlSeconds)
      .sign(signingKey);

  const server = await startFakeVendorServer<FakeGladlyBehaviour, FakeGladlyRequest>(async ({ request, forced, send, delay }) => {
    request.authUser = basicCredentials(request.authorization)?.user;
    if (request.method !== 'POST' || request.path !== IDENTITY_PATH) return send(404, { errors: [{ code: 'not_found', detail: 'Not found' }] });
    switch (forced.respond) {
      case 'unauthorized':
        return send(401, { errors: [{ code: 'unauthorized', detail: 'Unauthorized' }] });
      case 'bad-request':
        return send(400, { errors: [{ attr: 'identity', code: 'invalid', detail: forced.detail }] });
      case 'rate-limited':
        return send(429, { errors: [{ code: 'too_many_requests', detail: 'Rate limit exceeded' }] }, { 'retry-after': String(forced.retryAfterSeconds) });
      case 'server-error':
        return send(forced.status ?? 500, { errors: [{ code: 'internal', detail: 'Internal error' }] });
      case 'slow':
        await delay(forced.delayMs);
        break;
      case 'opaque-token':
      case 'normal':
        break;
    }

    const credentials = basicCredentials(request.authorization);
    if (credentials?.user !== apiUser || credentials.password !== apiToken) {
      return send(401, { errors: [{ code: 'unauthorized', detail: 'Unauthorized' }] });
    }
    const retryAfter = rateLimitRetryAfter(now());
    if (retryAfter !== undefined) {
      return send(429, { errors: [{ code: 'too_many_requests', detail: 'Rate limit exceeded' }] }, { 'retry-after': String(retryAfter) });
    }
    const problems = identityProblems(request);
    if (problems.length > 0) return send(400, { errors: problems });
    const { identityType, identity } = request.body as { identityType: string; identity: string };
    request.token = forced.respond === 'opaque-token' ? randomBytes(24).toString('hex') : await mint(identityType, identity);
    send(200, { token: request.token });
  }, now);

  return { ...server, apiUser, apiToken };
}

/** The documented body: `{ identityType: 'EMAIL' | 'MOBILE_PHONE_NUMBER', identity }`, as JSON. */
function identityProblems(request: FakeGladlyRequest): GladlyError[] {
  if (!request.contentType?.startsWith('application/json')) {
    return [{ attr: 'body', code: 'invalid', detail: 'Content-Type must be application/json' }];
  }
  const body = jsonObjectBody(request);
  if (!body) return [{ attr: 'body', code: 'invalid', detail: 'body must be a JSON object' }];
  const { identityType, identity } = body;
  if (identityType !== 'EMAIL' && identityType !== 'MOBILE_PHONE_NUMBER') {
    return [{ attr: 'identityType', code: 'invalid', detail: 'identityType must be EMAIL or MOBILE_PHONE_NUMBER' }];
  }
  if (typeof identity !== 'string' || identity === '') {
    return [{ attr: 'identity', code: 'blank', detail: 'identity is required' }];
  }
  if (identityType === 'EMAIL' && !FAKE_EMAIL.test(identity)) {
    return [{ attr: 'identity', code: 'invalid', detail: 'identity must be a valid email address' }];
  }
  if (identityType === 'MOBILE_PHONE_NUMBER' && !E164.test(identity)) {
    return [{ attr: 'identity', code: 'invalid', detail: 'identity must be an E.164 phone number' }];
  }
  return [];
}
