import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

interface RequestLike {
  id?: unknown;
  raw?: { id?: unknown };
  headers: IncomingHttpHeaders;
}

const ACCEPTABLE_INBOUND_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's `x-request-id` when it is a sane token, else mints one; the standalone app's genReqId. */
export function requestIdFromHeaders(headers: IncomingHttpHeaders): string {
  const inbound = headers['x-request-id'];
  return typeof inbound === 'string' && ACCEPTABLE_INBOUND_ID.test(inbound) ? inbound : randomUUID();
}

/** The id the host already gave this request (Fastify `request.id`, Express `req.id`), or one from its headers. */
export function requestIdOf(request: RequestLike): string {
  for (const candidate of [request.id, request.raw?.id]) {
    if (typeof candidate === 'string' && candidate.length > 0) return candidate;
  }
  return requestIdFromHeaders(request.headers);
}
