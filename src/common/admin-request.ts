/** Where the admin guard leaves the actor's name for the audit trail. */
export const ADMIN_ACTOR = Symbol('chat-identity.admin-actor');

export interface AdminRequest {
  headers: Record<string, string | string[] | undefined>;
  [ADMIN_ACTOR]?: string;
  user?: { id?: unknown; email?: unknown; sub?: unknown };
  ip?: string;
}
