import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { getCacheOptionsToken, getChatIdentityOptionsToken, getResolvedOptionsToken } from './chat-identity.constants.js';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, OPTIONS_TYPE } from './chat-identity.module-definition.js';
import type { CacheOptions, ChatIdentityModuleOptions, ResolvedChatIdentityOptions } from './chat-identity.options.js';
import { ApiKeyAdminGuard } from './admin-auth/api-key-admin.guard.js';
import { BuiltInSubjectResolver } from './identity/subject/built-in-subject.resolver.js';
import { InMemoryRateLimitStorage } from './rate-limit/in-memory-rate-limit.storage.js';

/** Every default of the module's options, in one place. */
function resolveChatIdentityOptions(options: ChatIdentityModuleOptions): ResolvedChatIdentityOptions {
  return {
    ...options,
    subjectResolver: options.subjectResolver ?? new BuiltInSubjectResolver({ bearerAuth: options.bearerAuth, trustedServiceKeys: options.trustedServiceKeys }),
    adminGuard: options.adminGuard ?? new ApiKeyAdminGuard(options.adminApiKeys ?? []),
    cache: { userTtlMs: 300_000, maxUsers: 100_000, integrationTtlMs: 30_000, staleWindowMs: 300_000, signingKeyStaleWindowMs: 10_000, loadTimeoutMs: 2000, ...options.cache },
    changeFeed: { reconnectMinDelayMs: 250, reconnectMaxDelayMs: 5000, heartbeatIntervalMs: 2000, heartbeatTimeoutMs: 1500, ...options.changeFeed },
    rateLimit: {
      perSubjectPerMinute: 60,
      perIpPerMinute: 600,
      adminFailuresPerIpPerMinute: 10,
      ...options.rateLimit,
      // Per-instance counters unless a shared store is given.
      storage: options.rateLimit?.storage ?? new InMemoryRateLimitStorage(),
    },
    fetch: options.fetch ?? globalThis.fetch,
  };
}

const resolvedProviders: Provider[] = [
  { provide: getResolvedOptionsToken(), useFactory: resolveChatIdentityOptions, inject: [getChatIdentityOptionsToken()] },
  {
    provide: getCacheOptionsToken(),
    useFactory: (resolved: ResolvedChatIdentityOptions): CacheOptions => resolved.cache,
    inject: [getResolvedOptionsToken()],
  },
];

/**
 * Holds the options, as given and resolved, for every feature module, like TypeOrmCoreModule holds the
 * DataSource: global, exporting nothing else. Hosts import the public ChatIdentityModule, not this.
 */
@Global()
@Module({})
export class ChatIdentityCoreModule extends ConfigurableModuleClass {
  static override forRoot(options: typeof OPTIONS_TYPE): DynamicModule {
    return withResolvedOptions(super.forRoot(options));
  }

  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withResolvedOptions(super.forRootAsync(options));
  }
}

function withResolvedOptions(definition: DynamicModule): DynamicModule {
  return {
    ...definition,
    global: true,
    providers: [...(definition.providers ?? []), ...resolvedProviders],
    exports: [...(definition.exports ?? []), getChatIdentityOptionsToken(), getResolvedOptionsToken(), getCacheOptionsToken()],
  };
}
