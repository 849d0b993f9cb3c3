import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../test/support/manual-clock.js';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import type { RateLimitRecord, RateLimitStorage } from './rate-limit-storage.interface.js';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';
import { RateLimiter } from './rate-limiter.js';

/** A store that fails while `down`, counting every call it gets. */
class FlakyStore implements RateLimitStorage {
  down = false;
  calls = 0;
  private readonly hits = new Map<string, number>();

  increment(key: string): Promise<RateLimitRecord> {
    this.calls += 1;
    if (this.down) return Promise.reject(new Error('store unavailable'));
    const totalHits = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, totalHits);
    return Promise.resolve({ totalHits, msBeforeReset: 60_000 });
  }

  decrement(key: string): Promise<RateLimitRecord> {
    this.calls += 1;
    if (this.down) return Promise.reject(new Error('store unavailable'));
    const totalHits = Math.max(0, (this.hits.get(key) ?? 0) - 1);
    this.hits.set(key, totalHits);
    return Promise.resolve({ totalHits, msBeforeReset: 60_000 });
  }
}

const failuresCounted = async (metrics: ChatIdentityMetrics): Promise<number> =>
  Number(/^chat_identity_rate_limit_store_failures_total (\d+)$/m.exec(await metrics.registry.metrics())?.[1] ?? 0);

describe('RateLimiter', () => {
  it('refuses the hit past the budget with a 429 and its Retry-After', async () => {
    const limiter = new RateLimiter(new FlakyStore(), new ChatIdentityMetrics(), new ManualClock().now);
    for (let n = 0; n < 3; n += 1) await limiter.consume('k', 3, 'too many');
    await expect(limiter.consume('k', 3, 'too many')).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 60 } });
  });

  it('answers at once, with no promise, when the store does (the per-instance one)', async () => {
    const limiter = new RateLimiter(new InMemoryRateLimitStorage(), new ChatIdentityMetrics(), new ManualClock().now);
    // Fails if the budget check goes through a promise whatever the store (each one a microtask on the token request).
    expect(limiter.consume('k', 2, 'too many')).toBeUndefined();
    expect(limiter.consume('k', 2, 'too many')).toBeUndefined();
    expect(() => limiter.consume('k', 2, 'too many')).toThrow(expect.objectContaining({ code: 'rate_limited', details: { retryAfterSeconds: 60 } }));
  });

  it('leaves a failed store alone for 5 s, counting per instance meanwhile, then tries it again', async () => {
    const store = new FlakyStore();
    const clock = new ManualClock();
    const metrics = new ChatIdentityMetrics();
    const limiter = new RateLimiter(store, metrics, clock.now);
    await limiter.consume('k', 100, 'too many');
    expect(store.calls).toBe(1);

    store.down = true;
    // Fails if every request asks the failed store again (a hung Redis would cost each one a timeout).
    for (let n = 0; n < 10; n += 1) await limiter.consume('k', 100, 'too many');
    expect(store.calls).toBe(2);
    expect(await failuresCounted(metrics)).toBe(1);
    // Per-instance counters stand in: their own budget still holds (refused at once: they answer synchronously).
    expect(() => limiter.consume('k', 10, 'spent')).toThrow(expect.objectContaining({ code: 'rate_limited' }));

    clock.advance(4_999);
    await limiter.release('k');
    expect(store.calls).toBe(2);
    clock.advance(1);
    store.down = false;
    await limiter.consume('k', 100, 'too many');
    expect(store.calls).toBe(3);
    expect(await failuresCounted(metrics)).toBe(1);
  });
});
