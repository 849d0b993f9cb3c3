import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `Cache-Control: no-store` on every answer of the admin API, refusals included: they carry secret
 * metadata, user data and the audit trail, which no browser or proxy cache may keep. Set before the
 * guards run, so a 401 or 429 says it too.
 */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.setHeader('cache-control', 'no-store');
    next();
  }
}
