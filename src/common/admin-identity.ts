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


/** A named admin key: the audit trail names `name`, and the key may do what `role` allows. */
export interface AdminApiKey {
  name: string;
  role: AdminRole;
  key: string;
}

/** The shortest admin key accepted, named or bare. */
const MIN_ADMIN_KEY_LENGTH = 24;

/**
 * One entry of ADMIN_API_KEYS: `name:role:key` is a named key; anything without two colons is a bare
 * key (the older form), an owner. What is wrong with an entry is said without the key.
 */
export function parseAdminApiKeyEntry(entry: string): { key: AdminApiKey | string } | { problem: string } {
  const parts = entry.split(':');
  if (parts.length < 3) {
    return entry.length >= MIN_ADMIN_KEY_LENGTH ? { key: entry } : { problem: `each entry must be at least ${MIN_ADMIN_KEY_LENGTH} characters` };
  }
  const [name, role, ...rest] = parts;
  const key = rest.join(':');
  if (!name.trim()) return { problem: 'an entry name:role:key has an empty name' };
  if (!isAdminRole(role)) return { problem: `the entry of ${name} names the unknown role "${role}" (viewer, operator or owner)` };
  if (key.length < MIN_ADMIN_KEY_LENGTH) return { problem: `the key of ${name} must be at least ${MIN_ADMIN_KEY_LENGTH} characters` };
  return { key: { name: name.trim(), role, key } };
}
