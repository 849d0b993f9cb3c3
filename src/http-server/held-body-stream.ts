import type { FastifyRequest, RouteOptions } from 'fastify';
import { Readable } from 'node:stream';

const HELD = Symbol('chat-identity.held-body-stream');

type HoldingRequest = FastifyRequest & { [HELD]?: Readable };

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/**
 * Gives `route`'s handler its JSON body as the stream it arrives as, not as one Buffer: for a 16 MiB body
 * Fastify's body reader copies every chunk into one Buffer in a single turn of the event loop (45 to 90 ms
 * measured here, mostly fresh pages), where the handler reads it a slice at a time. Fastify reads an empty
 * stream in its place (its Content-Length check told the real length), and `heldBodyStream` hands the real
 * one to the content-type parser. The handler then owns the body's limit.
 */
export function holdJsonBodyStream(route: RouteOptions): void {
  const hold = (request: HoldingRequest, _reply: unknown, payload: Readable, done: (error: Error | null, stream?: Readable) => void): void => {
    if (!isJson(request.headers['content-type'])) return done(null, payload);
    request[HELD] = payload;
    const standIn = Object.assign(Readable.from([]), { receivedEncodedLength: Number(request.headers['content-length']) || undefined });
    done(null, standIn);
  };
  const existing = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
  route.preParsing = [...existing, hold as never];
}

/** The body stream `holdJsonBodyStream` kept for this request, if it kept one. */
export const heldBodyStream = (request: FastifyRequest): Readable | undefined => (request as HoldingRequest)[HELD];
