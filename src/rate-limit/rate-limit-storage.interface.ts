import type { Awaitable } from '../common/awaitable.js';

/** A key's count in its current window. */
export interface RateLimitRecord {
  /** Hits counted in the current window, this one included. */
  totalHits: number;
  /** Milliseconds until the window ends and the count starts again from zero. */
  msBeforeReset: number;
}

/**
 * Where rate-limit counters live: per instance by default, shared by every replica in Redis. Any
 * implementation may be given as `rateLimit.storage`; a store that fails (rejects) is replaced by
 * per-instance counters until it answers again (see RateLimiter).
 */
export interface RateLimitStorage {
  /** Counts one hit for `key`; the first hit of a window starts a window of `windowMs`. Atomic across callers. */
  increment(key: string, windowMs: number): Awaitable<RateLimitRecord>;
  /** Takes back one hit of `key`'s current window (a reservation that turned out fine); never below 0. Atomic across callers. */
  decrement(key: string): Awaitable<RateLimitRecord>;
}

export const RATE_LIMIT_STORAGE = Symbol('CHAT_IDENTITY_RATE_LIMIT_STORAGE');
