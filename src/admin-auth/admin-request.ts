import type { AdminIdentity } from '../common/admin-identity.js';

/** Where the admin sign-in leaves who the admin is, for the role check and the audit trail. */
export const ADMIN_IDENTITY = Symbol('chat-identity.admin-identity');

export interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  [ADMIN_IDENTITY]?: AdminIdentity;
  user?: { id?: unknown; email?: unknown; sub?: unknown };
  ip?: string;
  method?: string;
  url?: string;
  /** Express's full path when `url` is relative to a mount point. */
  originalUrl?: string;
  query?: Record<string, unknown>;
}
