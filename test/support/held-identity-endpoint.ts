// A controllable stand-in for the identity endpoint, between the page and the real service: every
// `POST /v1/identity/{integration}` is held until the test releases it (passed on to the service, or
// answered with an error), and a request the page cancels is seen as cancelled.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldIdentityRequest {
  integration: string;
  /** Settles when the page cancelled the request (its connection closed before an answer). */
  readonly cancelled: Promise<void>;
  /** Passes the request on to the service; its answer (status and body) goes back to the page. */
  pass(): Promise<{ status: number; body: unknown }>;
  /** Answers with a problem, e.g. 429 or 503 with Retry-After. */
  answer(status: number, retryAfterSeconds?: number): void;
}

export interface HeldIdentityEndpoint {
  url: string;
  /** The next request to arrive (already arrived ones first). */
  next(): Promise<HeldIdentityRequest>;
  /** How many identity requests arrived so far. */
  readonly arrived: number;
  close(): Promise<void>;
}

export async function startHeldIdentityEndpoint(serviceUrl: string, pageOrigin: string): Promise<HeldIdentityEndpoint> {
  const waiting: HeldIdentityRequest[] = [];
  const takers: Array<(request: HeldIdentityRequest) => void> = [];
  let arrived = 0;
  const cors = { 'access-control-allow-origin': pageOrigin, 'access-control-expose-headers': 'x-request-id, retry-after' };

  const hold = (request: IncomingMessage, response: ServerResponse): void => {
    arrived++;
    const cancelled = new Promise<void>((resolve) => response.on('close', () => !response.writableFinished && resolve()));
    const held: HeldIdentityRequest = {
      integration: decodeURIComponent(request.url!.split('/').pop()!),
      cancelled,
      async pass() {
        const answer = await fetch(`${serviceUrl}${request.url}`, { method: 'POST', headers: { authorization: request.headers.authorization ?? '' } });
        const text = await answer.text();
        response.writeHead(answer.status, { ...cors, 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
        return { status: answer.status, body: JSON.parse(text) as unknown };
      },
      answer(status, retryAfterSeconds) {
        const headers = { ...cors, 'content-type': 'application/problem+json', 'x-request-id': `held-${arrived}` };
        response
          .writeHead(status, retryAfterSeconds === undefined ? headers : { ...headers, 'retry-after': String(retryAfterSeconds) })
          .end(JSON.stringify({ type: 'about:blank', title: 'Held', status, detail: `The test answered ${status}.` }));
      },
    };
    const taker = takers.shift();
    if (taker) taker(held);
    else waiting.push(held);
  };

  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'authorization', 'access-control-max-age': '600' }).end();
    } else if (request.method === 'POST' && request.url?.startsWith('/v1/identity/')) {
      request.resume();
      hold(request, response);
    } else {
      response.writeHead(404, cors).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next: () => {
      const ready = waiting.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => takers.push(resolve));
    },
    get arrived() {
      return arrived;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
