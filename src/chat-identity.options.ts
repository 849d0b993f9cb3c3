import type { CanActivate } from '@nestjs/common';
import type { AdminApiKey, AdminRole } from './common/admin-identity.js';
import type { SubjectResolver } from './identity/subject/subject-resolver.js';
import type { RateLimitStorage } from './rate-limit/rate-limit-storage.interface.js';

/** A 32-byte AES-256-GCM key that wraps vendor secrets; its id is stored beside each ciphertext. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface CacheOptions {
  /** How long a user's stable UUID stays in memory without a database read. @default 300000 */
  userTtlMs: number;
  /** @default 100000 */
  maxUsers: number;
  /** Safety net behind LISTEN/NOTIFY for integrations and signing keys. @default 30000 */
  integrationTtlMs: number;
  /**
   * How long cached users and integrations keep being served once they can no longer be confirmed: the
   * change feed is down, or the database is out of reach. @default 300000
   */
  staleWindowMs: number;
  /**
   * The same for signing keys and the JWK Set, kept short: it bounds how long an instance that cannot
   * confirm a revocation keeps signing (afterwards it answers 503 until the database is back). @default 10000
   */
  signingKeyStaleWindowMs: number;
  /**
   * How long a token request waits for the database on a cache miss before it answers 503 (or its stale
   * entry): bounded even when your pool's own timeouts are longer. @default 2000
   */
  loadTimeoutMs: number;
}

/** How the LISTEN/NOTIFY change feed notices a lost database and comes back. */
export interface ChangeFeedOptions {
  /** First wait before listening again after the connection was lost; doubled per failed attempt. @default 250 */
  reconnectMinDelayMs: number;
  /** @default 5000 */
  reconnectMaxDelayMs: number;
  /** How often the listening connection is checked, so a hung database is noticed too. @default 2000 */
  heartbeatIntervalMs: number;
  /** A check not answered within this counts as a lost connection. @default 1500 */
  heartbeatTimeoutMs: number;
}

/** Verifies end users' bearer tokens from the company's identity provider. */
export interface BearerAuthOptions {
  /** Shared HS256 secret of the identity provider. */
  jwtSecret?: string;
  /** JWKS URL of the identity provider (RS256 / ES256). */
  jwksUrl?: string;
  /** Required `iss`, when set. */
  issuer?: string;
  /** Required `aud`, when set. */
  audience?: string;
  /** Claims copied into the subject's attributes. @default [] */
  attributeClaims?: string[];
  /** Allowed clock skew for `exp` / `nbf`. @default 30 */
  clockToleranceSeconds?: number;
}

/**
 * Client addresses are `request.ip` as the HTTP adapter resolves it: behind a proxy or load balancer,
 * set the adapter's trusted proxies (Fastify `trustProxy`, Express `app.set('trust proxy', ...)`), or
 * every user shares the proxy's budget.
 */
export interface RateLimitOptions {
  /** Token requests per subject per minute, counted after authentication. @default 60 */
  perSubjectPerMinute: number;
  /** Token requests per client address per minute, counted before authentication (bad bearer tokens count). @default 600 */
  perIpPerMinute: number;
  /** Failed admin sign-ins per client address per minute; past it the address gets 429 on every admin route. @default 10 */
  adminFailuresPerIpPerMinute: number;
  /** Where the counters live, e.g. `new RedisRateLimitStorage(redis)` to share them across replicas. @default per-instance memory */
  storage: RateLimitStorage;
}

/**
 * Admin single sign-on with the company's OpenID Connect provider (authorization code with PKCE): the
 * admin's role comes from `roleClaim`, and the session is an encrypted, HttpOnly, Secure, SameSite=Strict cookie.
 */
export interface AdminSsoOptions {
  /** The provider's issuer; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /**
   * The ID token (or userinfo) claim naming the admin's role: `viewer`, `operator` or `owner`, or an array
   * of names where the highest known one wins. A sign-in without a known role is refused (403).
   */
  roleClaim: string;
  /** The origin browsers reach the service at, e.g. `https://chat-identity.example.com`: the redirect URI's origin and the only origin allowed to write with the session. */
  publicUrl: string;
  /** Scopes asked of the provider. @default ['openid', 'email', 'profile'] */
  scopes?: string[];
  /** How long a session lasts, whatever the provider's own session does. @default 28800 (8 h) */
  sessionTtlSeconds?: number;
}

export interface ChatIdentityModuleOptions {
  /** Master keys, newest first; the first one encrypts, any of them decrypts. */
  masterKeys: MasterKey[];
  /**
   * Decides who is calling the end-user API; a host usually maps the `request.user` its own
   * authentication (a global guard, Passport) attached. @default bearer token and/or trusted service key, from the options below
   */
  subjectResolver?: SubjectResolver;
  bearerAuth?: BearerAuthOptions;
  /** Keys of trusted servers that may name the subject in the request body. @default [] */
  trustedServiceKeys?: string[];
  /**
   * Guards the admin API, e.g. the host's role guard. When it refuses, the answer is 403 if the host
   * signed someone in (`request.user` is set), else 401. @default `Authorization: Bearer <one of adminApiKeys>`
   */
  adminGuard?: CanActivate;
  /** Names the admin your `adminGuard` let in, in audit events. @default `request.user.id` / `email` / `sub` (the built-in keys name themselves) */
  resolveAdminActor?: (request: unknown) => string | undefined;
  /**
   * The role of the admin your `adminGuard` let in (viewer, operator or owner), e.g. from your user's
   * groups; called after the guard. @default 'owner'
   */
  resolveAdminRole?: (request: unknown) => AdminRole | Promise<AdminRole>;
  /** Keys of the built-in admin guard: a bare key is an owner named by its fingerprint; `{ name, role, key }` is named. */
  adminApiKeys?: Array<string | AdminApiKey>;
  /** Admins may also sign in with the company's OpenID Connect provider (a session cookie beside the keys). @default off */
  adminSso?: AdminSsoOptions;
  cache?: Partial<CacheOptions>;
  changeFeed?: Partial<ChangeFeedOptions>;
  rateLimit?: Partial<RateLimitOptions>;
  /**
   * Vendor API hosts a `baseUrl` may name besides the vendor's documented ones (Gladly
   * `{organization}.gladly.com`, HubSpot `api.hubapi.com`). A host name (`gladly.staging.example.com`,
   * `*.example.com` for one label) is called over https at public addresses only; an origin
   * (`http://127.0.0.1:8080`, port `*` for any) is called as named, at whatever address, so list
   * origins only for local fakes in tests. @default []
   */
  vendorHostAllowlist?: string[];
  /**
   * HTTP client for vendors whose API mints the tokens (Gladly, HubSpot); it must not follow redirects.
   * @default a client that refuses redirects and connects only to public addresses of allowed hosts
   */
  fetch?: typeof fetch;
}

/** The options with every default applied, as the module's parts read them (resolved once, by ChatIdentityCoreModule). */
export interface ResolvedChatIdentityOptions extends ChatIdentityModuleOptions {
  subjectResolver: SubjectResolver;
  adminGuard: CanActivate;
  cache: CacheOptions;
  changeFeed: ChangeFeedOptions;
  rateLimit: RateLimitOptions;
  fetch: typeof fetch;
}

/**
 * Implemented by a class given to `forRootAsync({ useClass })` (or `useExisting`); Nest injects its
 * constructor dependencies, e.g. the host's ConfigService.
 */
export interface ChatIdentityOptionsFactory {
  createChatIdentityOptions(): ChatIdentityModuleOptions | Promise<ChatIdentityModuleOptions>;
}

/** Static choices, known before any provider exists: they shape the module's routes. */
export interface ChatIdentityModuleExtras {
  /** Make the module's services injectable everywhere, without importing it where they are used. @default false */
  isGlobal?: boolean;
  /** Prefix for every route of the module, e.g. `chat`. @default '' */
  routePrefix?: string;
  /**
   * Postgres schema of the module's tables and of its migrations table; the host's DataSource must not have
   * initialized yet (see `setChatIdentitySchema`). @default 'chat_identity'
   */
  schema?: string;
  /** Which HTTP APIs to mount. @default 'both' */
  controllers?: 'identity' | 'admin' | 'both' | 'none';
  /**
   * Put an `x-request-id` on every response of the module's routes (a middleware). Turn it off when the
   * host already sets one on every response, as the standalone service does in a Fastify hook. @default true
   */
  requestIdHeader?: boolean;
  /**
   * The support console, a page over the admin API (served only where the admin API is): its path under
   * the route prefix, or `false` for none. Its data calls carry the admin's credentials, same-origin. @default { path: 'console' }
   */
  console?: { path?: string } | false;
}

