// The public API of the `chat-identity` package: import from here only. Importing it starts no
// server and opens no connection (the standalone service lives in main.ts / app.module.ts).

// The module and how to configure it
export { ChatIdentityModule } from './chat-identity.module.js';
export {
  CHAT_IDENTITY_OPTIONS_FACTORY_METHOD,
  type ChatIdentityForRootAsyncOptions,
  type ChatIdentityForRootOptions,
} from './chat-identity.module-definition.js';
export type {
  AdminSsoOptions,
  BearerAuthOptions,
  CacheOptions,
  ChangeFeedOptions,
  ChatIdentityModuleExtras,
  ChatIdentityModuleOptions,
  ChatIdentityOptionsFactory,
  MasterKey,
  RateLimitOptions,
} from './chat-identity.options.js';
export {
  getAdminGuardToken,
  getCacheOptionsToken,
  getChatIdentityOptionsToken,
  getSubjectResolverToken,
  InjectAdminGuard,
  InjectCacheOptions,
  InjectChatIdentityOptions,
  InjectSubjectResolver,
} from './chat-identity.constants.js';

// Admin roles: who may do what on the admin API
export { ADMIN_ROLES, type AdminIdentity, type AdminRole } from './common/admin-identity.js';
export type { AdminApiKey } from './common/admin-identity.js';

// Rate limits: where the counters live (per instance by default; Redis to share them across replicas)
export type { RateLimitRecord, RateLimitStorage } from './rate-limit/rate-limit-storage.interface.js';
export { getRateLimitStorageToken, InjectRateLimitStorage } from './rate-limit/rate-limit.providers.js';
export { InMemoryRateLimitStorage } from './rate-limit/in-memory-rate-limit.storage.js';
export { RedisRateLimitStorage, type RedisRateLimitStorageOptions, type RedisScriptingClient } from './rate-limit/redis-rate-limit.storage.js';

// Metrics: the module's Prometheus registry (serve `registry.metrics()` or merge it into the host's)
export { type ActiveSecretAge, ChatIdentityMetrics } from './metrics/chat-identity-metrics.js';

// Who is calling: plug in the host's own login
export type { Subject, SubjectRequest, SubjectResolver } from './identity/subject/subject-resolver.js';
export { BuiltInSubjectResolver, type BuiltInSubjectResolverOptions } from './identity/subject/built-in-subject.resolver.js';

// The host's DataSource: entities, migrations, and a replica-safe way to run them
export { chatIdentityEntities, chatIdentitySchema, setChatIdentitySchema } from './entities.js';
export { DEFAULT_CHAT_IDENTITY_SCHEMA } from './database/schema-name.js';
export { chatIdentityMigrations } from '../migrations/index.js';
export { runMigrationsExclusively } from './database/run-migrations.js';

// Services a host may call from its own controllers
export { IdentityService, type WidgetIdentity } from './identity/identity.service.js';
export { type ErasedUserListener, UsersService } from './users/users.service.js';
export { InspectorService } from './inspector/inspector.service.js';
export type { InspectionReportView, SignatureVerdictView } from './inspector/dto/inspection.dto.js';
export type { ImportMapping, ImportReport, StableUser, UserProfile } from './users/user-profile.js';
// Readiness and metrics: whether the change feed listens, and what the caches serve unconfirmed meanwhile
export { ChangeFeedService, type ChangeFeedState, type ChangeFeedStatus } from './change-feed/change-feed.service.js';
export type { CacheStaleness } from './common/read-through-cache.js';

// The OpenAPI contract: complete a host's document with the module's security schemes and per-vendor answers
export { addChatIdentityOpenApi, type ChatIdentityOpenApiOptions } from './openapi/chat-identity-openapi.js';
export { CHAT_IDENTITY_SECURITY_SCHEMES, type ChatIdentitySecurityScheme } from './openapi/security-schemes.js';

// Errors: domain codes (each exception says its HTTP status), and the filter that turns them into application/problem+json
export {
  ChatIdentityError,
  ChatIdentityErrorCode,
  type ChatIdentityErrorDetails,
  ChatIdentityException,
  type FieldProblem,
} from './common/chat-identity.error.js';
export { SecretsException, SecretsExceptionCode } from './secrets/secrets.exception.js';
export { UsersException, UsersExceptionCode } from './users/users.exception.js';
export { VendorsException, VendorsExceptionCode } from './vendors/vendors.exception.js';
export { ProblemDetailsFilter } from './common/problem-details.filter.js';
export { isDatabaseUnavailable } from './common/database-unavailable.js';
export type { ProblemDetails } from './common/problem-details.js';

// Vendor strategies (types only: vendors are registered inside the package, see src/vendors)
export type {
  DecodedToken,
  HashVendorStrategy,
  IdentityClaims,
  InspectionFinding,
  IntegrationRef,
  IssuedIdentity,
  IssueRequest,
  JwtVendorStrategy,
  MintedToken,
  MintedVendorStrategy,
  NearMiss,
  SignedValue,
  SigningKey,
  VendorStrategy,
} from './vendors/vendor-strategy.js';
export { CredentialKind, type LogoutHint, type VendorDefinition } from './vendors/vendor-definition.js';
export { VENDOR_IDS, type VendorId } from './vendors/vendor-catalog.js';
