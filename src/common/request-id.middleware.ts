import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestIdOf } from './request-id.js';

/**
 * Gives every response of the module's routes in a host app an `x-request-id` (docs/http-api.md), chosen by
 * requestIdOf: the caller's, else the host's own (not Fastify's `req-1` counter), else a new one. It stays
 * on the request, so a problem body and the audit trail name the same id.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: IncomingMessage & { id?: unknown }, response: ServerResponse, next: () => void): void {
    const id = requestIdOf(request);
    if (!response.hasHeader('x-request-id')) response.setHeader('x-request-id', id);
    next();
  }
}
