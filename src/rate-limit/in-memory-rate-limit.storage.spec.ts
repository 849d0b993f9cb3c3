import { describe, expect, it } from '@jest/globals';
import { InMemoryRateLimitStorage } from './in-memory-rate-limit.storage.js';

describe('InMemoryRateLimitStorage', () => {
  it('counts per key within a window and starts again from one when it ends', async () => {
    const storage = new InMemoryRateLimitStorage();
    expect((await storage.increment('a', 200)).totalHits).toBe(1);
    expect((await storage.increment('a', 200)).totalHits).toBe(2);
    expect((await storage.increment('b', 200)).totalHits).toBe(1);
    expect((await storage.decrement('a')).totalHits).toBe(1);
    expect((await storage.increment('a', 200)).totalHits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await storage.decrement('a')).totalHits).toBe(0);
    expect(await storage.increment('a', 200)).toMatchObject({ totalHits: 1, msBeforeReset: 200 });
  });

  it('takes hits back, never below zero', async () => {
    const storage = new InMemoryRateLimitStorage();
    expect(await storage.decrement('never-counted')).toEqual({ totalHits: 0, msBeforeReset: 0 });
    await storage.increment('a', 60_000);
    expect((await storage.decrement('a')).totalHits).toBe(0);
    expect((await storage.decrement('a')).totalHits).toBe(0);
    expect((await storage.increment('a', 60_000)).totalHits).toBe(1);
  });
});
