import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from './request-id.js';

/**
 * Gives every response of the module's routes in a host app an `x-request-id` (API.md): the host's
 * own id for the request when it has one (Fastify's, or an Express `req.id` its logger set), else the
 * caller's, else a new one. It stays on the request, so a problem body names the same id.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: IncomingMessage & { id?: unknown }, response: ServerResponse, next: () => void): void {
    const id = requestIdOf(request);
    request.id ??= id;
    if (!response.hasHeader('x-request-id')) response.setHeader('x-request-id', id);
    next();
  }
}
