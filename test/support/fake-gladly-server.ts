import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';

export interface FakeGladlyOptions {
  /** @default 'api-user@example.com' */
  apiUser?: string;
  /** @default 'the-api-token' */
  apiToken?: string;
  /** Lifetime of the tokens it mints. @default 3600 */
  tokenTtlSeconds?: number;
  /** Gladly's default per-organization limit. @default 10 */
  requestsPerSecond?: number;
}

/** Forces the next answers; `times` = how many requests it applies to (default: until changed). */
export type FakeGladlyBehaviour = (
  | { respond: 'normal' }
  | { respond: 'unauthorized' }
  | { respond: 'bad-request'; detail: string }
  | { respond: 'rate-limited'; retryAfterSeconds: number }
  | { respond: 'server-error'; status?: number }
  | { respond: 'slow'; delayMs: number }
  /** A 200 whose token is not a JWT, so it carries no readable `exp`. */
  | { respond: 'opaque-token' }
) & { times?: number };

export interface FakeGladlyRequest {
  method: string;
  path: string;
  /** The raw `Authorization` header, as received. */
  authorization?: string;
  contentType?: string;
  /** The user name of the Basic credentials, when they could be decoded. */
  authUser?: string;
  body: unknown;
  /** What the fake answered (0 while a slow answer is pending). */
  status: number;
  token?: string;
  receivedAt: number;
}

export interface FakeGladly {
  /** e.g. `http://127.0.0.1:43121`: use it as the integration's `baseUrl`. */
  url: string;
  apiUser: string;
  apiToken: string;
  requests: FakeGladlyRequest[];
  setBehaviour(behaviour: FakeGladlyBehaviour): void;
  close(): Promise<void>;
}

interface GladlyError {
  attr: string;
  code: string;
  detail: string;
}

const IDENTITY_PATH = '/api/v1/user-identity-jwt';
const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A local stand-in for one Gladly organization's User Identity API, following the contract in
 * docs/vendors.md (Gladly): `POST /api/v1/user-identity-jwt`, HTTP Basic auth, 10 requests/second.
 * Listens on 127.0.0.1, port 0; the whole server is one organization (one rate-limit window).
 */
export async function startFakeGladly(options: FakeGladlyOptions = {}): Promise<FakeGladly> {
  const apiUser = options.apiUser ?? 'api-user@example.com';
  const apiToken = options.apiToken ?? 'the-api-token';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const requestsPerSecond = options.requestsPerSecond ?? 10;
  const signingKey = new Uint8Array(randomBytes(32));
  const requests: FakeGladlyRequest[] = [];
  const acceptedAt: number[] = [];
  const pendingTimers = new Set<NodeJS.Timeout>();
  let behaviour: FakeGladlyBehaviour = { respond: 'normal' };

  const nextBehaviour = (): FakeGladlyBehaviour => {
    const current = behaviour;
    if (current.times !== undefined) {
      behaviour = current.times > 1 ? { ...current, times: current.times - 1 } : { respond: 'normal' };
    }
    return current;
  };

  /** Sliding one-second window of accepted requests, the whole server being one organization. */
  const rateLimitRetryAfter = (now: number): number | undefined => {
    while (acceptedAt.length > 0 && now - acceptedAt[0] >= 1000) acceptedAt.shift();
    if (acceptedAt.length < requestsPerSecond) {
      acceptedAt.push(now);
      return undefined;
    }
    return Math.max(1, Math.ceil((acceptedAt[0] + 1000 - now) / 1000));
  };

  const mint = (identityType: string, identity: string): Promise<string> =>
    new SignJWT({ identityType, identity })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer('fake-gladly')
      .setSubject(identity)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + tokenTtlSeconds)
      .sign(signingKey);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const rawBody = await readBody(request);
    const authorization = request.headers.authorization;
    const entry: FakeGladlyRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      authorization,
      contentType: request.headers['content-type'],
      authUser: basicCredentials(authorization)?.user,
      body: parseJson(rawBody),
      status: 0,
      receivedAt: Date.now(),
    };
    requests.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      entry.status = status;
      if (response.destroyed) return;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };

    if (entry.method !== 'POST' || entry.path !== IDENTITY_PATH) return send(404, { errors: [{ code: 'not_found', detail: 'Not found' }] });
    const forced = nextBehaviour();
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
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            pendingTimers.delete(timer);
            resolve();
          }, forced.delayMs);
          pendingTimers.add(timer);
        });
        break;
      case 'opaque-token':
      case 'normal':
        break;
    }

    const credentials = basicCredentials(authorization);
    if (credentials?.user !== apiUser || credentials.password !== apiToken) {
      return send(401, { errors: [{ code: 'unauthorized', detail: 'Unauthorized' }] });
    }
    const retryAfter = rateLimitRetryAfter(Date.now());
    if (retryAfter !== undefined) {
      return send(429, { errors: [{ code: 'too_many_requests', detail: 'Rate limit exceeded' }] }, { 'retry-after': String(retryAfter) });
    }
    const problems = identityProblems(entry.contentType, entry.body);
    if (problems.length > 0) return send(400, { errors: problems });
    const { identityType, identity } = entry.body as { identityType: string; identity: string };
    entry.token = forced.respond === 'opaque-token' ? randomBytes(24).toString('hex') : await mint(identityType, identity);
    send(200, { token: entry.token });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiUser,
    apiToken,
    requests,
    setBehaviour: (next) => {
      behaviour = next;
    },
    close: async () => {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The documented body: `{ identityType: 'EMAIL' | 'MOBILE_PHONE_NUMBER', identity }`, as JSON. */
function identityProblems(contentType: string | undefined, body: unknown): GladlyError[] {
  if (!contentType?.startsWith('application/json')) {
    return [{ attr: 'body', code: 'invalid', detail: 'Content-Type must be application/json' }];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ attr: 'body', code: 'invalid', detail: 'body must be a JSON object' }];
  }
  const { identityType, identity } = body as Record<string, unknown>;
  if (identityType !== 'EMAIL' && identityType !== 'MOBILE_PHONE_NUMBER') {
    return [{ attr: 'identityType', code: 'invalid', detail: 'identityType must be EMAIL or MOBILE_PHONE_NUMBER' }];
  }
  if (typeof identity !== 'string' || identity === '') {
    return [{ attr: 'identity', code: 'blank', detail: 'identity is required' }];
  }
  if (identityType === 'EMAIL' && !EMAIL.test(identity)) {
    return [{ attr: 'identity', code: 'invalid', detail: 'identity must be a valid email address' }];
  }
  if (identityType === 'MOBILE_PHONE_NUMBER' && !E164.test(identity)) {
    return [{ attr: 'identity', code: 'invalid', detail: 'identity must be an E.164 phone number' }];
  }
  return [];
}

function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
