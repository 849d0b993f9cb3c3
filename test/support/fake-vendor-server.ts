import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake vendor received, and what it answered. */
export interface FakeVendorRequest {
  method: string;
  path: string;
  /** The raw `Authorization` header, as received. */
  authorization?: string;
  contentType?: string;
  /** Parsed JSON, else the raw text. */
  body: unknown;
  /** What the fake answered (0 while a slow answer is pending). */
  status: number;
  /** The token it minted, on success. */
  token?: string;
  receivedAt: number;
}

/** A forced answer; `times` = how many requests it applies to (default: until changed). */
export interface FakeVendorBehaviour {
  respond: string;
  times?: number;
}

/** What a fake vendor's handler gets for one request. */
export interface FakeVendorExchange<B extends FakeVendorBehaviour, R extends FakeVendorRequest> {
  request: R;
  /** The behaviour forced for this request (`{ respond: 'normal' }` when none). */
  forced: B | { respond: 'normal' };
  send(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Waits, and is cut short when the fake closes. */
  delay(ms: number): Promise<void>;
}

export interface FakeVendorServer<B extends FakeVendorBehaviour, R extends FakeVendorRequest = FakeVendorRequest> {
  /** e.g. `http://127.0.0.1:43121`: use it as the integration's `baseUrl`. */
  url: string;
  requests: R[];
  setBehaviour(behaviour: B | { respond: 'normal' }): void;
  close(): Promise<void>;
}

/**
 * The HTTP plumbing every fake vendor shares: listens on 127.0.0.1, port 0; records each request
 * with its answer; applies forced behaviours for a number of requests; closes without waiting for
 * slow answers. `handle` plays the vendor's documented contract.
 */
export async function startFakeVendorServer<B extends FakeVendorBehaviour, R extends FakeVendorRequest = FakeVendorRequest>(
  handle: (exchange: FakeVendorExchange<B, R>) => Promise<void>,
  /** The clock `receivedAt` is read from (a test's own clock). */
  now: () => number = () => Date.now(),
): Promise<FakeVendorServer<B, R>> {
  const requests: R[] = [];
  const pendingTimers = new Map<NodeJS.Timeout, () => void>();
  let behaviour: B | { respond: 'normal' } = { respond: 'normal' };

  const nextBehaviour = (): B | { respond: 'normal' } => {
    const current = behaviour;
    if ('times' in current && current.times !== undefined) {
      behaviour = current.times > 1 ? { ...current, times: current.times - 1 } : { respond: 'normal' };
    }
    return current;
  };

  const delay = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        resolve();
      }, ms);
      pendingTimers.set(timer, resolve);
    });

  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const exchange = async (): Promise<void> => {
      const rawBody = await readBody(incoming);
      const request = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        authorization: incoming.headers.authorization,
        contentType: incoming.headers['content-type'],
        body: parseJson(rawBody),
        status: 0,
        receivedAt: now(),
      } as R;
      requests.push(request);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        request.status = status;
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      };
      await handle({ request, forced: nextBehaviour(), send, delay });
    };
    exchange().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour: (next) => {
      behaviour = next;
    },
    close: async () => {
      for (const [timer, resolve] of pendingTimers) {
        clearTimeout(timer);
        resolve();
      }
      pendingTimers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The user and password of a `Basic` Authorization header, when it decodes. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A JSON object body, or undefined when the content type or the body is anything else. */
export function jsonObjectBody(request: FakeVendorRequest): Record<string, unknown> | undefined {
  if (!request.contentType?.startsWith('application/json')) return undefined;
  const { body } = request;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/** The vendor host allow-list entry that lets chat-identity call these fakes: loopback, plain http, any port. */
export const FAKE_VENDOR_ORIGINS = 'http://127.0.0.1:*';

export const FAKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
