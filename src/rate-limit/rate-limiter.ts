import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ChatIdentityError, ChatIdentityErrorCode } from '../common/chat-identity.error.js';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';
import { type Awaitable, isThenable, whenDone } from '../common/awaitable.js';
import type { RateLimitRecord, RateLimitStorage } from './rate-limit-storage.interface.js';
import { InjectRateLimitStorage } from './rate-limit.providers.js';

const MINUTE_MS = 60_000;
const WARNING_INTERVAL_MS = 30_000;
/** After a failure the store is left alone this long, so a hung Redis costs one timeout per interval, not one per request. */
const RETRY_STORE_AFTER_MS = 5_000;
/** Nothing provides it in the module: a test constructs a RateLimiter with its own clock (epoch ms). */
const CLOCK = Symbol('RateLimiter clock');

/**
 * Budgets per key and minute in the configured store. When the store fails (Redis down or slow),
 * requests are not refused for it: the count goes to per-instance counters instead, so every
 * replica still enforces the limit on its own share of the traffic, a warning is logged (at most
 * every 30 s) and `chat_identity_rate_limit_store_failures_total` counts it; the store is tried again
 * 5 s later. A token endpoint that
 * answered 503 whenever Redis blinked would turn a cache outage into a login outage.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly fallback = new InMemoryRateLimitStorage();
  private lastWarningAt = 0;
  private storeSkippedUntil = 0;

  constructor(
    @InjectRateLimitStorage() private readonly storage: RateLimitStorage,
    private readonly metrics: ChatIdentityMetrics,
    @Optional() @Inject(CLOCK) private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Counts one hit; throws a 429 (with Retry-After) when `key` is over `perMinute`. Answers at once when
   * the store does (the per-instance one): the token request then waits on no promise for its budgets.
   */
  consume(key: string, perMinute: number, message: string): Awaitable<void> {
    return whenDone(this.withFallback((store) => store.increment(key, MINUTE_MS)), (record) => {
      if (record.totalHits > perMinute) throw rateLimited(message, record);
    });
  }

  /** Takes back one hit of `key` (a reserved attempt that succeeded). */
  async release(key: string): Promise<void> {
    await this.withFallback((store) => store.decrement(key));
  }

  private withFallback(operation: (store: RateLimitStorage) => Awaitable<RateLimitRecord>): Awaitable<RateLimitRecord> {
    if (this.now() < this.storeSkippedUntil) return operation(this.fallback);
    let answer: Awaitable<RateLimitRecord>;
    try {
      answer = operation(this.storage);
    } catch (error) {
      return this.countPerInstance(error, operation);
    }
    return isThenable(answer) ? Promise.resolve(answer).catch((error: unknown) => this.countPerInstance(error, operation)) : answer;
  }

  private countPerInstance(error: unknown, operation: (store: RateLimitStorage) => Awaitable<RateLimitRecord>): Awaitable<RateLimitRecord> {
    this.metrics.rateLimitStoreFailed();
    const now = this.now();
    this.storeSkippedUntil = now + RETRY_STORE_AFTER_MS;
    if (now - this.lastWarningAt >= WARNING_INTERVAL_MS) {
      this.lastWarningAt = now;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Rate-limit store unavailable (${reason}): counting per instance until it answers again.`);
    }
    return operation(this.fallback);
  }
}

function rateLimited(message: string, record: RateLimitRecord): ChatIdentityError {
  return new ChatIdentityError(ChatIdentityErrorCode.RateLimited, message, {
    retryAfterSeconds: Math.max(1, Math.ceil(record.msBeforeReset / 1000)),
  });
}
