/** What an admin may do, each role including the ones before it. */
export const ADMIN_ROLES = ['viewer', 'operator', 'owner'] as const;

/**
 * `viewer` reads (integrations, secret metadata, the audit trail, the inspector, user lookup); `operator`
 * also changes integrations and secret versions; `owner` may do everything, forced revokes, erasure,
 * imports and master-key rotation among it.
 */
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const isAdminRole = (value: unknown): value is AdminRole => ADMIN_ROLES.includes(value as AdminRole);

/** True when `held` includes everything `needed` may do. */
export const roleCovers = (held: AdminRole, needed: AdminRole): boolean => ADMIN_ROLES.indexOf(held) >= ADMIN_ROLES.indexOf(needed);

/**
 * Who is calling the admin API: a name for the audit trail and a role. The built-in keys, a host's own
 * sign-in (`resolveAdminActor` / `resolveAdminRole`) or any other sign-in source produce one.
 */
export interface AdminIdentity {
  name: string;
  role: AdminRole;
}
