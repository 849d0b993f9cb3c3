import { type DynamicModule, Inject, type MiddlewareConsumer, Module, type NestModule, type Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { RouterModule } from '@nestjs/core';
import { AdminAuthModule } from './admin-auth/admin-auth.module.js';
import { AdminSsoModule } from './admin-auth/admin-sso.module.js';
import { AdminMeAdminModule } from './admin-auth/admin-me.module.js';
import { ADMIN_ROUTE_PREFIX, AdminSignInFirst } from './admin-auth/admin-sign-in-first.js';
import { AuditAdminModule } from './audit/audit-admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { ChangeFeedModule } from './change-feed/change-feed.module.js';
import { ChatIdentityCoreModule } from './chat-identity-core.module.js';
import { ConsoleModule } from './console/console.module.js';
import { TokenUsageAdminModule } from './console/token-usage/token-usage-admin.module.js';
import type { ChatIdentityForRootAsyncOptions, ChatIdentityForRootOptions } from './chat-identity.module-definition.js';
import type { ChatIdentityModuleExtras } from './chat-identity.options.js';
import { RequestIdMiddleware } from './common/request-id.middleware.js';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from './database/schema-name.js';
import { setChatIdentitySchema } from './entities.js';
import { IdentityApiModule } from './identity/identity-api.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { InspectorAdminModule } from './inspector/inspector-admin.module.js';
import { InspectorModule } from './inspector/inspector.module.js';
import { IntegrationsAdminModule } from './integrations/integrations-admin.module.js';
import { IntegrationsModule } from './integrations/integrations.module.js';
import { JwksApiModule } from './jwks/jwks-api.module.js';
import { JwksModule } from './jwks/jwks.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { MasterKeyAdminModule } from './secrets/master-key-admin.module.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { UsersAdminModule } from './users/users-admin.module.js';
import { UsersModule } from './users/users.module.js';

/** Each feature module with controllers, by the `controllers` choice that mounts it. */
const IDENTITY_API: Type[] = [IdentityApiModule, JwksApiModule];
const ADMIN_API: Type[] = [IntegrationsAdminModule, MasterKeyAdminModule, AuditAdminModule, UsersAdminModule, InspectorAdminModule, AdminSsoModule, AdminMeAdminModule, TokenUsageAdminModule];
/** What a host may inject from its own modules: the services (and the subject resolver, admin guard) these export. */
const SERVICE_MODULES: Type[] = [
  IdentityModule,
  UsersModule,
  IntegrationsModule,
  SecretsModule,
  AuditModule,
  InspectorModule,
  MetricsModule,
  RateLimitModule,
  ChangeFeedModule,
  JwksModule,
  AdminAuthModule,
];

/** The mounted controllers whose responses RequestIdMiddleware labels (none when the host labels every response). */
const REQUEST_ID_ROUTES = Symbol('CHAT_IDENTITY_REQUEST_ID_ROUTES');

/**
 * chat-identity as a Nest module: mount it with `forRoot` / `forRootAsync` in any Nest app whose
 * default TypeORM DataSource includes `chatIdentityEntities`. It opens no connection of its own:
 * repositories come from that DataSource (TypeOrmModule.forFeature) and the LISTEN/NOTIFY change feed
 * borrows one client from its pool for the app's lifetime. A thin module, like TypeOrmModule: the
 * options live in ChatIdentityCoreModule, the services in the feature modules it imports and exports.
 * Not global unless `isGlobal: true`: import it (the same `forRoot` result) where its services are injected.
 */
@Module({})
export class ChatIdentityModule implements NestModule {
  constructor(
    @Inject(REQUEST_ID_ROUTES) private readonly requestIdRoutes: Type[],
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    if (this.requestIdRoutes.length > 0) consumer.apply(RequestIdMiddleware).forRoutes(...this.requestIdRoutes);
  }

  static forRoot(options: ChatIdentityForRootOptions): DynamicModule {
    return withFeatures(ChatIdentityCoreModule.forRoot(options), options);
  }

  static forRootAsync(options: ChatIdentityForRootAsyncOptions): DynamicModule {
    return withFeatures(ChatIdentityCoreModule.forRootAsync(options), options);
  }
}

function withFeatures(core: DynamicModule, extras: ChatIdentityModuleExtras): DynamicModule {
  // Now, while the module is declared: before any DataSource builds the entities' metadata.
  setChatIdentitySchema(extras.schema ?? DEFAULT_CHAT_IDENTITY_SCHEMA);
  const mounted = extras.controllers ?? 'both';
  const apiModules = [
    ...(mounted === 'identity' || mounted === 'both' ? IDENTITY_API : []),
    ...(mounted === 'admin' || mounted === 'both' ? ADMIN_API : []),
  ];
  const controllersOf = (modules: Type[]): Type[] => modules.flatMap((module): Type[] => Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []);
  const controllers = controllersOf(apiModules);
  const prefix = (extras.routePrefix ?? '').replace(/^\/+|\/+$/g, '');
  // Admin answers are marked no-store and admin credentials checked before any body is read (see AdminSignInFirst).
  const adminSignInFirst = mounted === 'admin' || mounted === 'both' ? [AdminSignInFirst, { provide: ADMIN_ROUTE_PREFIX, useValue: prefix }] : [];
  const consoleModules = extras.console !== false && adminSignInFirst.length > 0 ? [ConsoleModule.at({ path: extras.console?.path ?? 'console', routePrefix: prefix })] : [];
  return {
    module: ChatIdentityModule,
    global: extras.isGlobal ?? false,
    imports: [
      core,
      ...SERVICE_MODULES,
      ...apiModules,
      ...consoleModules,
      ...(prefix ? [RouterModule.register([{ path: prefix, module: ChatIdentityModule, children: apiModules }])] : []),
    ],
    providers: [
      { provide: REQUEST_ID_ROUTES, useValue: extras.requestIdHeader === false ? [] : controllers },
      ...adminSignInFirst,
    ],
    exports: SERVICE_MODULES,
  };
}
