import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How long, and how much, a refused body is still read before the connection is closed anyway. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Some refusals are sent before the body is read, while the client is still sending it: a 413, an
 * admin request without valid credentials (401, 429). Closing the socket with unread bytes makes the
 * kernel reset the connection, and a client that is still writing (Node's fetch) then reports EPIPE
 * instead of the answer. Like nginx's lingering close, such an answer closes the connection: it ends
 * its side and discards what keeps arriving, up to a time and byte bound, before closing.
 */
export function lingerAfterRefusedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    // No socket when the request was injected (light-my-request): nothing to close then.
    const socket = request.raw.socket as Socket | null;
    if (socket !== null && bodyStillArriving(request.raw)) {
      // Kept alive, the connection would wait for the rest of a body that no one reads any more.
      void reply.header('connection', 'close');
      lingerBeforeClosing(socket);
    }
    done(null, payload);
  });
}

/** A body was announced (a length or chunks) and has not all arrived: not a GET answered as its head came in. */
const bodyStillArriving = (raw: IncomingMessage): boolean =>
  !raw.complete && (raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0);

function lingerBeforeClosing(socket: Socket): void {
  // Node ends a `connection: close` socket with destroySoon() once the answer is written.
  socket.destroySoon = () => endAfterDiscarding(socket);
}

/**
 * Ends this side of `socket` once what was written is sent, and discards what keeps arriving until
 * the client ends its side, LINGER_MS pass or LINGER_BYTES arrive; then closes it. For an answer the
 * client must see although it is still sending (a 413, a refused request head).
 */
export function endAfterDiscarding(socket: Socket): void {
  let discarded = 0;
  const close = (): void => {
    clearTimeout(deadline);
    socket.destroy();
  };
  const deadline = setTimeout(close, LINGER_MS);
  socket.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) close();
  });
  socket.once('end', close);
  socket.end();
  socket.resume();
}
