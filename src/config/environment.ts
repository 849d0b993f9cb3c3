import { plainToInstance, Transform } from 'class-transformer';
import { DEFAULT_CHAT_IDENTITY_SCHEMA, SCHEMA_NAME } from '../database/schema-name.js';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateBy, validateSync } from 'class-validator';
import { parseAdminApiKeyEntry } from '../common/admin-identity.js';
import { isHttpsOrLoopback } from '../common/secure-url.js';
import { IsVendorHostEntry } from '../common/host-allowlist-entry.js';
import { type DemoPageSetting, IsDemoPageSetting } from './demo-setting.js';
import { IsTrustProxy } from './trust-proxy.js';

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : value;

/** Request bodies larger than this are refused (413) before they are read; the users import has its own limit. */
const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
/** 16 MiB, the size of the largest users import: no other body needs more. */
const MAX_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

const MASTER_KEY_ENTRY = /^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9+/]{43}=$/;

/** Every bad ADMIN_API_KEYS entry, said without its key. */
const adminKeyProblems = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).flatMap((entry) => {
    const parsed = typeof entry === 'string' ? parseAdminApiKeyEntry(entry) : { problem: 'each entry must be text' };
    return 'problem' in parsed ? [parsed.problem] : [];
  });

function AreAdminApiKeys(): PropertyDecorator {
  return ValidateBy({
    name: 'areAdminApiKeys',
    validator: {
      validate: (value) => adminKeyProblems(value).length === 0,
      defaultMessage: (args) => `bad ADMIN_API_KEYS entries: ${adminKeyProblems(args?.value).join('; ')}`,
    },
  });
}

const SSO_VARIABLES = ['ADMIN_OIDC_ISSUER', 'ADMIN_OIDC_CLIENT_ID', 'ADMIN_OIDC_CLIENT_SECRET', 'ADMIN_OIDC_ROLE_CLAIM'] as const;

/** Any ADMIN_OIDC_* variable turns admin single sign-on on: then all of them, and PUBLIC_URL, are required. */
const ssoRequested = (environment: object): boolean =>
  SSO_VARIABLES.some((name) => (environment as Record<string, unknown>)[name] !== undefined);

interface SsoFormat {
  valid: (value: string) => boolean;
  message: string;
}

const NOT_EMPTY: SsoFormat = { valid: (value) => value.trim().length > 0, message: 'must not be empty' };
const HTTPS_OR_LOOPBACK: SsoFormat = { valid: isHttpsOrLoopback, message: 'must be an https:// URL (http:// only for localhost or 127.0.0.1)' };
const ORIGIN: SsoFormat = {
  valid: (value) => isHttpsOrLoopback(value) && /^https?:\/\/[^/\s]+$/.test(value),
  message: 'must be an origin such as https://chat-identity.example.com (https, no path; http:// only for localhost or 127.0.0.1)',
};

/** Required once single sign-on is requested (any ADMIN_OIDC_* set), and of the given format whenever set. */
function SsoSetting(format: SsoFormat): PropertyDecorator {
  return ValidateBy({
    name: 'ssoSetting',
    validator: {
      validate: (value, args) => (value === undefined ? !ssoRequested(args!.object) : typeof value === 'string' && format.valid(value)),
      defaultMessage: (args) =>
        args?.value === undefined ? `required for admin single sign-on (${SSO_VARIABLES.join(', ')} and PUBLIC_URL go together)` : format.message,
    },
  });
}

/** Every environment variable the standalone service reads, validated once at boot. */
export class Environment {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @Matches(SCHEMA_NAME, { message: 'DATABASE_SCHEMA must be a lower-case Postgres name (letters, digits, _)' })
  DATABASE_SCHEMA = DEFAULT_CHAT_IDENTITY_SCHEMA;

  @IsString()
  DATA_DIR = './.data';

  /** Unset: 54329, or a free port when that one is busy; set: this port or a failed start. */
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  EMBEDDED_DATABASE_PORT?: number;

  @IsInt()
  @Min(100)
  @Max(60_000)
  @Transform(({ value }) => (value === undefined ? 2000 : Number(value)))
  DATABASE_TIMEOUT_MS = 2000;

  @IsInt()
  @Min(100)
  @Max(600_000)
  @Transform(({ value }) => (value === undefined ? 10_000 : Number(value)))
  DATABASE_QUERY_TIMEOUT_MS = 10_000;

  @IsInt()
  @Min(0)
  @Transform(({ value }) => (value === undefined ? 300 : Number(value)))
  CACHE_STALE_WINDOW_SECONDS = 300;

  /** How long signing keys are served unconfirmed: the longest a revocation this instance cannot confirm keeps signing. */
  @IsInt()
  @Min(0)
  @Transform(({ value }) => (value === undefined ? 10 : Number(value)))
  SIGNING_KEY_STALE_WINDOW_SECONDS = 10;

  @IsOptional()
  @Matches(MASTER_KEY_ENTRY, { each: true, message: 'MASTER_KEYS entries must be id:base64 of exactly 32 bytes' })
  @Transform(toList)
  MASTER_KEYS?: string[];

  /** `name:role:key` entries (role viewer, operator or owner), or bare keys (owners). */
  @IsOptional()
  @IsString({ each: true })
  @AreAdminApiKeys()
  @Transform(toList)
  ADMIN_API_KEYS?: string[];

  /** The company's OpenID Connect issuer for admin single sign-on. */
  @SsoSetting(HTTPS_OR_LOOPBACK)
  ADMIN_OIDC_ISSUER?: string;

  @SsoSetting(NOT_EMPTY)
  ADMIN_OIDC_CLIENT_ID?: string;

  @SsoSetting(NOT_EMPTY)
  ADMIN_OIDC_CLIENT_SECRET?: string;

  /** The claim naming the admin's role (viewer, operator, owner; a string or an array). */
  @SsoSetting(NOT_EMPTY)
  ADMIN_OIDC_ROLE_CLAIM?: string;

  /** Scopes asked of the provider, comma-separated. @default openid,email,profile */
  @IsOptional()
  @Matches(/^[\x21\x23-\x5b\x5d-\x7e]+$/, { each: true, message: 'ADMIN_OIDC_SCOPES must be scope names separated by commas' })
  @Transform(toList)
  ADMIN_OIDC_SCOPES?: string[];

  /** The origin browsers reach the service at (the single sign-on redirect URI's origin). */
  @SsoSetting(ORIGIN)
  PUBLIC_URL?: string;

  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  @Transform(({ value }) => (value === undefined ? 8 * 3600 : Number(value)))
  ADMIN_SESSION_TTL_SECONDS = 8 * 3600;

  @IsOptional()
  @Matches(/^.{32,}$/, { message: 'AUTH_JWT_SECRET must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @IsString({ each: true })
  @Transform(toList)
  AUTH_ATTRIBUTE_CLAIMS?: string[];

  @IsOptional()
  @Matches(/^.{24,}$/, { each: true, message: 'each TRUSTED_SERVICE_KEYS entry must be at least 24 characters' })
  @Transform(toList)
  TRUSTED_SERVICE_KEYS?: string[];

  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 60 : Number(value)))
  RATE_LIMIT_PER_SUBJECT_PER_MINUTE = 60;

  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 600 : Number(value)))
  RATE_LIMIT_PER_IP_PER_MINUTE = 600;

  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 10 : Number(value)))
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE = 10;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsString()
  REDIS_KEY_PREFIX = 'chat-identity:';

  @IsOptional()
  @IsTrustProxy()
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^.{16,}$/, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** The development demo at /demo (demoPageEnabled). @default on without DATABASE_URL and outside production, else off */
  @IsOptional()
  @IsDemoPageSetting()
  DEMO_PAGE?: DemoPageSetting;

  /** The support console at /console: on unless `off`. */
  @IsIn(['on', 'off'])
  CONSOLE: 'on' | 'off' = 'on';

  /** Only `production` matters here: it refuses DEMO_PAGE=on. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** Vendor API hosts allowed besides the documented ones (the module option vendorHostAllowlist). */
  @IsOptional()
  @IsVendorHostEntry()
  @Transform(toList)
  VENDOR_HOST_ALLOWLIST?: string[];

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+$/, { each: true, message: 'each CORS_ORIGINS entry must be an origin such as https://app.example.com' })
  @Transform(toList)
  CORS_ORIGINS?: string[];

  @IsInt()
  @Min(1024)
  @Max(MAX_BODY_LIMIT_BYTES)
  @Transform(({ value }) => (value === undefined ? DEFAULT_BODY_LIMIT_BYTES : Number(value)))
  BODY_LIMIT_BYTES = DEFAULT_BODY_LIMIT_BYTES;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** Validates `process.env`; throws one error that lists every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const environment = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = validateSync(environment, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `  - ${error.property}: ${message}`),
  );
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return environment;
}
