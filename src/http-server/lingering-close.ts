import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

/** How long, and how much, a refused body is still read before the connection is closed anyway. */
const LINGER_MS = 5_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * A 413 is sent before the body is read, while the client is still sending it. Closing the socket
 * with unread bytes makes the kernel reset the connection, and a client that is still writing (Node's
 * fetch) then reports EPIPE instead of the answer. Like nginx's lingering close, the socket ends its
 * side after the answer and discards what keeps arriving, up to a time and byte bound, before closing.
 */
export function lingerAfterRefusedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413) lingerBeforeClosing(request.raw.socket);
    done(null, payload);
  });
}

function lingerBeforeClosing(socket: Socket): void {
  // Node ends a `connection: close` socket with destroySoon() once the answer is written.
  socket.destroySoon = () => {
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
  };
}
