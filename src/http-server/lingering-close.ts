import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

/** How long, and how much, a refused body is still read before the connection is closed anyway. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Some refusals are sent before the body is read, while the client is still sending it: a 413, an
 * admin request without valid credentials (401, 429). Closing the socket with unread bytes makes the
 * kernel reset the connection, and a client that is still writing (Node's fetch) then reports EPIPE
 * instead of the answer. Like nginx's lingering close, a connection that closes after such an answer
 * ends its side and discards what keeps arriving, up to a time and byte bound, before closing. (One
 * kept alive needs nothing: Node reads the rest of the body before the next request.)
 */
export function lingerAfterRefusedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, _reply, payload, done) => {
    if (!request.raw.complete) lingerBeforeClosing(request.raw.socket);
    done(null, payload);
  });
}

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
