import { Inject, type Provider } from '@nestjs/common';
import { CHAT_IDENTITY_MODULE_OPTIONS } from '../chat-identity.module-definition.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from './rate-limit-storage.interface.js';

/** The store of `rateLimit.storage`, else per-instance counters. */
export const rateLimitStorageProvider: Provider = {
  provide: RATE_LIMIT_STORAGE,
  useFactory: (options: ChatIdentityModuleOptions): RateLimitStorage => options.rateLimit?.storage ?? new InMemoryRateLimitStorage(),
  inject: [CHAT_IDENTITY_MODULE_OPTIONS],
};

/** The injection token of the rate-limit store in use. */
export const getRateLimitStorageToken = (): symbol => RATE_LIMIT_STORAGE;

/** Injects the rate-limit store in use. */
export const InjectRateLimitStorage = (): ParameterDecorator => Inject(RATE_LIMIT_STORAGE);
