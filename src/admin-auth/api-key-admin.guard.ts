import { type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ADMIN_IDENTITY, type AdminRequest } from './admin-request.js';
import type { AdminApiKey, AdminIdentity } from '../common/admin-identity.js';

interface KnownKey {
  digest: Buffer;
  identity: AdminIdentity;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Standalone default: `Authorization: Bearer <one of the admin API keys>`, compared in constant time
 * (every key is compared, whichever matches). A bare key is an owner, named in the audit trail by a
 * short hash of itself, never by its value; a named key by its name.
 */
export class ApiKeyAdminGuard implements CanActivate {
  private readonly keys: KnownKey[];

  constructor(apiKeys: ReadonlyArray<string | AdminApiKey>) {
    this.keys = apiKeys.map((entry) =>
      typeof entry === 'string'
        ? { digest: sha256(entry), identity: { name: `admin-key:${sha256(entry).toString('hex').slice(0, 12)}`, role: 'owner' } }
        : { digest: sha256(entry.key), identity: { name: entry.name, role: entry.role } },
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const identity = this.identify(request.headers.authorization);
    if (identity) request[ADMIN_IDENTITY] = identity;
    return identity !== undefined;
  }

  /** The admin whose key the `Authorization` header carries, if any. */
  identify(header: string | string[] | undefined): AdminIdentity | undefined {
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) return undefined;
    const digest = sha256(token);
    let found: AdminIdentity | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(digest, key.digest)) found ??= key.identity;
    }
    return found;
  }
}
