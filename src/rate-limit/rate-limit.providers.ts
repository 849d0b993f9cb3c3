import { Inject, type Provider } from '@nestjs/common';
import { getResolvedOptionsToken } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { RATE_LIMIT_STORAGE, type RateLimitStorage } from './rate-limit-storage.interface.js';

/** The store of `rateLimit.storage` (per-instance counters by default). */
export const rateLimitStorageProvider: Provider = {
  provide: RATE_LIMIT_STORAGE,
  useFactory: (options: ResolvedChatIdentityOptions): RateLimitStorage => options.rateLimit.storage,
  inject: [getResolvedOptionsToken()],
};

/** The injection token of the rate-limit store in use. */
export const getRateLimitStorageToken = (): symbol => RATE_LIMIT_STORAGE;

/** Injects the rate-limit store in use. */
export const InjectRateLimitStorage = (): ParameterDecorator => Inject(RATE_LIMIT_STORAGE);
