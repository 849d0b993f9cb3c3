import { type CanActivate, type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule, type Provider, type Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { AuditController } from './audit/audit.controller.js';
import { AuditModule } from './audit/audit.module.js';
import { ChangeFeedModule } from './change-feed/change-feed.module.js';
import { ADMIN_GUARD, CHAT_IDENTITY_CACHE_OPTIONS, SUBJECT_RESOLVER } from './chat-identity.constants.js';
import {
  ASYNC_OPTIONS_TYPE,
  CHAT_IDENTITY_MODULE_OPTIONS,
  ConfigurableModuleClass,
  OPTIONS_TYPE,
} from './chat-identity.module-definition.js';
import type { CacheOptions, ChatIdentityModuleExtras, ChatIdentityModuleOptions } from './chat-identity.options.js';
import { AdminGuard } from './common/admin.guard.js';
import { ApiKeyAdminGuard } from './common/api-key-admin.guard.js';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from './database/schema-name.js';
import { setChatIdentitySchema } from './entities.js';
import { RequestIdMiddleware } from './common/request-id.middleware.js';
import { IdentityController } from './identity/identity.controller.js';
import { IdentityModule } from './identity/identity.module.js';
import { BuiltInSubjectResolver } from './identity/subject/built-in-subject.resolver.js';
import { SubjectGuard } from './identity/subject/subject.guard.js';
import { InspectorController } from './inspector/inspector.controller.js';
import { InspectorModule } from './inspector/inspector.module.js';
import { IntegrationSecretsController } from './integrations/integration-secrets.controller.js';
import { IntegrationsAdminController } from './integrations/integrations-admin.controller.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { MasterKeyController } from './secrets/master-key.controller.js';
import { UsersAdminController } from './users/users-admin.controller.js';
import { UsersModule } from './users/users.module.js';

const IDENTITY_CONTROLLERS: Type[] = [IdentityController];
const ADMIN_CONTROLLERS: Type[] = [IntegrationsAdminController, IntegrationSecretsController, MasterKeyController, AuditController, UsersAdminController, InspectorController];

/** The mounted controllers whose responses RequestIdMiddleware labels (none when the host labels every response). */
const REQUEST_ID_ROUTES = Symbol('CHAT_IDENTITY_REQUEST_ID_ROUTES');

const DEFAULT_CACHE: CacheOptions = { userTtlMs: 300_000, maxUsers: 100_000, integrationTtlMs: 30_000, staleWindowMs: 300_000, loadTimeoutMs: 2000 };

const optionDerivedProviders: Provider[] = [
  {
    provide: CHAT_IDENTITY_CACHE_OPTIONS,
    useFactory: (options: ChatIdentityModuleOptions): CacheOptions => ({ ...DEFAULT_CACHE, ...options.cache }),
    inject: [CHAT_IDENTITY_MODULE_OPTIONS],
  },
  {
    provide: SUBJECT_RESOLVER,
    useFactory: (options: ChatIdentityModuleOptions) =>
      options.subjectResolver ??
      new BuiltInSubjectResolver({ bearerAuth: options.bearerAuth, trustedServiceKeys: options.trustedServiceKeys }),
    inject: [CHAT_IDENTITY_MODULE_OPTIONS],
  },
  {
    provide: ADMIN_GUARD,
    useFactory: (options: ChatIdentityModuleOptions): CanActivate =>
      options.adminGuard ?? new ApiKeyAdminGuard(options.adminApiKeys ?? []),
    inject: [CHAT_IDENTITY_MODULE_OPTIONS],
  },
  AdminGuard,
  SubjectGuard,
];

/**
 * chat-identity as a Nest module: mount it with `forRoot` / `forRootAsync` in any Nest app whose
 * default TypeORM DataSource includes `chatIdentityEntities` and `chatIdentityMigrations`. It opens
 * no connection of its own: repositories come from that DataSource (TypeOrmModule.forFeature) and
 * the LISTEN/NOTIFY change feed borrows one client from its pool for the app's lifetime.
 */
@Module({})
export class ChatIdentityModule extends ConfigurableModuleClass implements NestModule {
  constructor(@Inject(REQUEST_ID_ROUTES) private readonly requestIdRoutes: Type[]) {
    super();
  }

  configure(consumer: MiddlewareConsumer): void {
    if (this.requestIdRoutes.length > 0) consumer.apply(RequestIdMiddleware).forRoutes(...this.requestIdRoutes);
  }

  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withFeatures(super.forRoot(options), options);
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withFeatures(super.forRootAsync(options), options);
  }
}

function withFeatures(definition: DynamicModule, extras: ChatIdentityModuleExtras): DynamicModule {
  // Now, while the module is declared: before any DataSource builds the entities' metadata.
  setChatIdentitySchema(extras.schema ?? DEFAULT_CHAT_IDENTITY_SCHEMA);
  const mounted = extras.controllers ?? 'both';
  const controllers = [
    ...(mounted === 'identity' || mounted === 'both' ? IDENTITY_CONTROLLERS : []),
    ...(mounted === 'admin' || mounted === 'both' ? ADMIN_CONTROLLERS : []),
  ];
  const prefix = (extras.routePrefix ?? '').replace(/^\/+|\/+$/g, '');
  return {
    ...definition,
    // Global so the feature modules below can read the options and the tokens derived from them.
    global: true,
    imports: [
      ...(definition.imports ?? []),
      MetricsModule,
      RateLimitModule,
      AuditModule,
      UsersModule,
      IntegrationsModule,
      IdentityModule,
      InspectorModule,
      ChangeFeedModule,
      ...(prefix ? [RouterModule.register([{ path: prefix, module: ChatIdentityModule }])] : []),
    ],
    controllers,
    providers: [
      ...(definition.providers ?? []),
      ...optionDerivedProviders,
      { provide: REQUEST_ID_ROUTES, useValue: extras.requestIdHeader === false ? [] : controllers },
    ],
    exports: [
      ...(definition.exports ?? []),
      CHAT_IDENTITY_MODULE_OPTIONS,
      CHAT_IDENTITY_CACHE_OPTIONS,
      SUBJECT_RESOLVER,
      ADMIN_GUARD,
      AdminGuard,
      IdentityModule,
      UsersModule,
      IntegrationsModule,
      AuditModule,
      InspectorModule,
      MetricsModule,
      RateLimitModule,
      ChangeFeedModule,
    ],
  };
}
