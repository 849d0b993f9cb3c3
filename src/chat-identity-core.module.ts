import { type CanActivate, type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import {
  getAdminGuardToken,
  getCacheOptionsToken,
  getChatIdentityOptionsToken,
  getSubjectResolverToken,
} from './chat-identity.constants.js';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, OPTIONS_TYPE } from './chat-identity.module-definition.js';
import type { CacheOptions, ChatIdentityModuleOptions } from './chat-identity.options.js';
import { ApiKeyAdminGuard } from './common/api-key-admin.guard.js';
import { BuiltInSubjectResolver } from './identity/subject/built-in-subject.resolver.js';
import { SubjectGuard } from './identity/subject/subject.guard.js';
import { MetricsModule } from './metrics/metrics.module.js';

const DEFAULT_CACHE: CacheOptions = { userTtlMs: 300_000, maxUsers: 100_000, integrationTtlMs: 30_000, staleWindowMs: 300_000, signingKeyStaleWindowMs: 10_000, loadTimeoutMs: 2000 };

const optionDerivedProviders: Provider[] = [
  {
    provide: getCacheOptionsToken(),
    useFactory: (options: ChatIdentityModuleOptions): CacheOptions => ({ ...DEFAULT_CACHE, ...options.cache }),
    inject: [getChatIdentityOptionsToken()],
  },
  {
    provide: getSubjectResolverToken(),
    useFactory: (options: ChatIdentityModuleOptions) =>
      options.subjectResolver ??
      new BuiltInSubjectResolver({ bearerAuth: options.bearerAuth, trustedServiceKeys: options.trustedServiceKeys }),
    inject: [getChatIdentityOptionsToken()],
  },
  {
    provide: getAdminGuardToken(),
    useFactory: (options: ChatIdentityModuleOptions): CanActivate =>
      options.adminGuard ?? new ApiKeyAdminGuard(options.adminApiKeys ?? []),
    inject: [getChatIdentityOptionsToken()],
  },
  SubjectGuard,
];

const optionDerivedTokens = [
  getChatIdentityOptionsToken(),
  getCacheOptionsToken(),
  getSubjectResolverToken(),
  getAdminGuardToken(),
  SubjectGuard,
];

/**
 * Holds the options and what is derived from them (cache settings, subject resolver, admin guard) for
 * every feature module, like TypeOrmCoreModule; hosts import the public ChatIdentityModule, not this.
 */
@Global()
@Module({})
export class ChatIdentityCoreModule extends ConfigurableModuleClass {
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withDerivedProviders(super.forRoot(options));
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withDerivedProviders(super.forRootAsync(options));
  }
}

function withDerivedProviders(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    global: true,
    // The metrics every part records into (the admin guard and the problem filter among them).
    imports: [...(definition.imports ?? []), MetricsModule],
    providers: [...(definition.providers ?? []), ...optionDerivedProviders],
    exports: [...(definition.exports ?? []), ...optionDerivedTokens, MetricsModule],
  };
}
