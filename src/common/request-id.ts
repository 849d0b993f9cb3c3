import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Where the id chosen for a request is kept (on the Node request, which Express and Fastify both expose). */
const CHOSEN_REQUEST_ID = Symbol('chat-identity.request-id');

interface RequestLike {
  id?: unknown;
  raw?: { id?: unknown; [CHOSEN_REQUEST_ID]?: string };
  headers: IncomingHttpHeaders;
  [CHOSEN_REQUEST_ID]?: string;
}

const ACCEPTABLE_INBOUND_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Fastify's default ids (`req-1`, `req-2`, ...): a per-process counter, the same on every replica. */
const FASTIFY_COUNTER_ID = /^req-[0-9a-z]+$/;

/** A caller's `x-request-id` when it is a sane token. */
function inboundId(headers: IncomingHttpHeaders): string | undefined {
  const inbound = headers['x-request-id'];
  return typeof inbound === 'string' && ACCEPTABLE_INBOUND_ID.test(inbound) ? inbound : undefined;
}

/** Keeps a caller's `x-request-id` when it is a sane token, else mints one; the standalone app's genReqId. */
export function requestIdFromHeaders(headers: IncomingHttpHeaders): string {
  return inboundId(headers) ?? randomUUID();
}

/**
 * The request's id, the same every time it is asked for: the caller's `x-request-id` when sane, else the id
 * the host gave the request (an Express `req.id` its logger set, a Fastify `genReqId`'s) unless it is
 * Fastify's default counter, else a new UUID.
 */
export function requestIdOf(request: RequestLike): string {
  const chosen = request[CHOSEN_REQUEST_ID] ?? request.raw?.[CHOSEN_REQUEST_ID];
  if (chosen !== undefined) return chosen;
  const hostId = [request.id, request.raw?.id].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.length > 0 && !FASTIFY_COUNTER_ID.test(candidate),
  );
  const id = inboundId(request.headers) ?? hostId ?? randomUUID();
  (request.raw ?? request)[CHOSEN_REQUEST_ID] = id;
  return id;
}
