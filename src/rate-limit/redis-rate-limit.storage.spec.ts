// Against the real Redis on 127.0.0.1:6379 (TEST_REDIS_URL to change it), under a key prefix of this run's own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRateLimitStorage } from './redis-rate-limit.storage.js';

const prefix = `chat-identity-test:${randomUUID()}:`;

describe('RedisRateLimitStorage', () => {
  let redis: Redis;
  let storage: RedisRateLimitStorage;

  beforeAll(() => {
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
    storage = new RedisRateLimitStorage(redis, { keyPrefix: prefix });
  });

  afterAll(async () => {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 100 })) keys.push(...(batch as string[]));
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('counts concurrent hits from two clients atomically: each hit sees a different total', async () => {
    const second = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const other = new RedisRateLimitStorage(second, { keyPrefix: prefix });
      const hits = await Promise.all(Array.from({ length: 200 }, (_, n) => (n % 2 ? storage : other).increment('shared', 60_000)));
      expect(hits.map((hit) => hit.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
      for (const hit of hits) expect(hit.msBeforeReset).toBeGreaterThan(55_000);
    } finally {
      await second.quit();
    }
  });

  it('starts a window with the first hit and forgets the count when it ends', async () => {
    expect(await storage.increment('short', 300)).toMatchObject({ totalHits: 1 });
    expect(await storage.increment('short', 300)).toMatchObject({ totalHits: 2 });
    expect(await redis.pttl(`${prefix}short`)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await storage.increment('short', 300)).toMatchObject({ totalHits: 1 });
  });

  it('takes hits back within the window, never below zero, and leaves an absent key absent', async () => {
    expect(await storage.decrement('untouched')).toEqual({ totalHits: 0, msBeforeReset: 0 });
    expect(await redis.exists(`${prefix}untouched`)).toBe(0);
    await storage.increment('taken-back', 60_000);
    await storage.increment('taken-back', 60_000);
    expect((await storage.decrement('taken-back')).totalHits).toBe(1);
    expect((await storage.decrement('taken-back')).totalHits).toBe(0);
    expect((await storage.decrement('taken-back')).totalHits).toBe(0);
    expect(await redis.pttl(`${prefix}taken-back`)).toBeGreaterThan(55_000);
  });

  it('rejects while Redis cannot be reached (RateLimiter then counts per instance)', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    unreachable.on('error', () => undefined);
    try {
      await expect(new RedisRateLimitStorage(unreachable).increment('any', 1000)).rejects.toThrow();
    } finally {
      unreachable.disconnect();
    }
  });
});
