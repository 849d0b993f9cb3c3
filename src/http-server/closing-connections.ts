import type { FastifyInstance } from 'fastify';

/**
 * Lets a stopping server end every keep-alive connection, not only those idle when it began to close
 * (which server.close() ends): a request already in flight is answered with `connection: close`, so
 * Node ends its socket after the answer instead of keeping it for the client's next request until
 * the shutdown deadline.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (closing && request.raw.httpVersionMajor === 1) void reply.header('connection', 'close');
    done(null, payload);
  });
}
