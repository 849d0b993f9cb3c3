import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type AdminApiKey, parseAdminApiKeyEntry } from '../common/admin-identity.js';
import type { AdminSsoOptions, ChatIdentityModuleOptions, MasterKey } from '../chat-identity.options.js';
import { RedisRateLimitStorage } from '../rate-limit/redis-rate-limit.storage.js';
import type { Environment } from './environment.js';
import type { StandaloneRedis } from './standalone-redis.module.js';

const logger = new Logger('Configuration');

/**
 * The module options of the standalone service, from the validated environment. With the embedded
 * database and no keys configured, it generates a master key, an admin key and a trusted-server key
 * once under DATA_DIR so the two-command quick start works; with DATABASE_URL a missing master key
 * stops start-up and nothing is generated.
 */
export async function standaloneModuleOptions(environment: Environment, redis?: StandaloneRedis): Promise<ChatIdentityModuleOptions> {
  const embedded = !environment.DATABASE_URL;
  const dataDir = resolve(environment.DATA_DIR);
  return {
    masterKeys: await masterKeys(environment.MASTER_KEYS, embedded, dataDir),
    adminApiKeys: await adminApiKeys(environment.ADMIN_API_KEYS, embedded, dataDir),
    adminSso: adminSso(environment),
    trustedServiceKeys: await trustedServiceKeys(environment.TRUSTED_SERVICE_KEYS, embedded, dataDir),
    bearerAuth: {
      jwtSecret: await identityProviderSecret(environment, embedded, dataDir),
      jwksUrl: environment.AUTH_JWKS_URL,
      issuer: environment.AUTH_ISSUER,
      audience: environment.AUTH_AUDIENCE,
      attributeClaims: environment.AUTH_ATTRIBUTE_CLAIMS,
    },
    vendorHostAllowlist: environment.VENDOR_HOST_ALLOWLIST,
    cache: {
      staleWindowMs: environment.CACHE_STALE_WINDOW_SECONDS * 1000,
      signingKeyStaleWindowMs: environment.SIGNING_KEY_STALE_WINDOW_SECONDS * 1000,
      loadTimeoutMs: environment.DATABASE_TIMEOUT_MS,
    },
    rateLimit: {
      perSubjectPerMinute: environment.RATE_LIMIT_PER_SUBJECT_PER_MINUTE,
      perIpPerMinute: environment.RATE_LIMIT_PER_IP_PER_MINUTE,
      adminFailuresPerIpPerMinute: environment.RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE,
      ...(redis?.client ? { storage: new RedisRateLimitStorage(redis.client, { keyPrefix: `${environment.REDIS_KEY_PREFIX}rate-limit:` }) } : {}),
    },
  };
}

async function masterKeys(configured: string[] | undefined, embedded: boolean, dataDir: string): Promise<MasterKey[]> {
  if (configured?.length) {
    return configured.map((entry) => {
      const [id, key] = entry.split(':');
      return { id, key: Buffer.from(key, 'base64') };
    });
  }
  if (!embedded) throw new Error('Invalid configuration:\n  - MASTER_KEYS: required when DATABASE_URL is set');
  const file = join(dataDir, 'master-key');
  const key = await readOrCreate(file, () => randomBytes(32).toString('base64'));
  logger.warn(
    `!!! DEVELOPMENT MASTER KEY in use (${file}). Vendor secrets are only as safe as that file. ` +
      'Set MASTER_KEYS (id:base64 of 32 random bytes) for anything but local development. !!!',
  );
  return [{ id: 'dev', key: Buffer.from(key, 'base64') }];
}

/** In the zero-setup mode with no identity provider configured, a development secret stands in for AUTH_JWT_SECRET. */
async function identityProviderSecret(environment: Environment, embedded: boolean, dataDir: string): Promise<string | undefined> {
  if (environment.AUTH_JWT_SECRET || environment.AUTH_JWKS_URL || !embedded) return environment.AUTH_JWT_SECRET;
  return developmentKey(join(dataDir, 'identity-provider-secret'), 'identity-provider secret', () => 'bearer tokens signed with it (HS256) are accepted, as with AUTH_JWT_SECRET.');
}

async function adminApiKeys(configured: string[] | undefined, embedded: boolean, dataDir: string): Promise<Array<string | AdminApiKey>> {
  // Validated at boot (validateEnvironment): every entry parses.
  if (configured?.length) return configured.flatMap((entry) => { const parsed = parseAdminApiKeyEntry(entry); return 'key' in parsed ? [parsed.key] : []; });
  if (!embedded) {
    logger.warn('ADMIN_API_KEYS is not set: the admin API refuses every request.');
    return [];
  }
  return [await developmentKey(join(dataDir, 'admin-api-key'), 'admin API key', sendAs('Authorization: Bearer'))];
}

/** Validated at boot: with the issuer set, the other single sign-on variables are too. */
function adminSso(environment: Environment): AdminSsoOptions | undefined {
  if (!environment.ADMIN_OIDC_ISSUER) return undefined;
  return {
    issuer: environment.ADMIN_OIDC_ISSUER,
    clientId: environment.ADMIN_OIDC_CLIENT_ID!,
    clientSecret: environment.ADMIN_OIDC_CLIENT_SECRET!,
    roleClaim: environment.ADMIN_OIDC_ROLE_CLAIM!,
    publicUrl: environment.PUBLIC_URL!,
    scopes: environment.ADMIN_OIDC_SCOPES,
    sessionTtlSeconds: environment.ADMIN_SESSION_TTL_SECONDS,
  };
}

async function trustedServiceKeys(configured: string[] | undefined, embedded: boolean, dataDir: string): Promise<string[]> {
  if (configured?.length) return configured;
  return embedded ? [await developmentKey(join(dataDir, 'service-key'), 'trusted-server key', sendAs('X-Service-Key:'))] : [];
}

const sendAs = (header: string) => (file: string): string => `send it as: -H "${header} $(cat ${file})"`;

/** A random key kept in a 0600 file; the log says where it is and how to send it, never the key. */
async function developmentKey(file: string, name: string, usage: (file: string) => string): Promise<string> {
  const created = !existsSync(file);
  const key = await readOrCreate(file, () => randomBytes(32).toString('base64url'));
  if (created) logger.log(`Generated a development ${name} in ${file}; ${usage(file)}`);
  return key;
}

async function readOrCreate(file: string, create: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(resolve(file, '..'), { recursive: true });
  const value = create();
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}
