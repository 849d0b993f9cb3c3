import { type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ADMIN_ACTOR, type AdminRequest } from './admin-request.js';
import { matchesOneOf } from './constant-time.js';

/** Standalone default: `Authorization: Bearer <one of the admin API keys>`, compared in constant time. */
export class ApiKeyAdminGuard implements CanActivate {
  constructor(private readonly apiKeys: readonly string[]) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token || this.apiKeys.length === 0 || !matchesOneOf(token, this.apiKeys)) return false;
    // Audit names the key by a short hash, never by its value.
    request[ADMIN_ACTOR] = `admin-key:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
    return true;
  }
}
