import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { DatabaseTimeoutError } from './database-unavailable.js';
import { ManualClock } from '../../test/support/manual-clock.js';
import { ReadThroughCache, type ReadThroughCacheOptions } from './read-through-cache.js';

const cacheOf = <V>(options: Partial<ReadThroughCacheOptions> = {}): ReadThroughCache<string, V> =>
  new ReadThroughCache<string, V>('test', { ttlMs: 60_000, maxEntries: 10, staleWindowMs: 300_000, loadTimeoutMs: 60_000, ...options });

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ReadThroughCache', () => {
  it('shares one load between concurrent misses and caches the result', async () => {
    const cache = cacheOf<number>();
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    const values = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(values).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    expect(loads).toBe(1);
    expect(cache.staleness()).toMatchObject({ entries: 1, hits: 1, misses: 3 });
  });

  it('does not cache a value whose load overlapped an invalidation', async () => {
    const cache = cacheOf<string>();
    const stale = deferred<string>();
    const inFlight = cache.get('k', () => stale.promise);
    cache.invalidate('k');
    stale.resolve('old');
    expect(await inFlight).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('forgets a failed load so the next call retries', async () => {
    const cache = cacheOf<string>();
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });
});

describe('ReadThroughCache expiry and size', () => {
  it('reads again once an entry has expired', async () => {
    const cache = cacheOf<number>({ ttlMs: 1000 });
    let now = 0;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    await cache.get('a', load);
    now = 999;
    expect(await cache.get('a', load)).toBe(1);
    now = 1000;
    expect(await cache.get('a', load)).toBe(2);
    clock.mockRestore();
  });

  it('evicts the oldest entry when full', async () => {
    const cache = cacheOf<string>({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key);
    const reloads: string[] = [];
    const load = async (key: string): Promise<string> => {
      reloads.push(key);
      return key;
    };
    for (const key of ['b', 'c', 'a']) await cache.get(key, load);
    expect(reloads).toEqual(['a']);
  });
});

describe('ReadThroughCache invalidation while loading', () => {
  it('caches the load started after an invalidation, even while the stale one is still running', async () => {
    const cache = cacheOf<string>();
    const stale = deferred<string>();
    const fresh = deferred<string>();
    const first = cache.get('k', () => stale.promise);
    cache.invalidate('k');
    const second = cache.get('k', () => fresh.promise);
    fresh.resolve('new');
    stale.resolve('old');
    expect([await first, await second]).toEqual(['old', 'new']);
    expect(await cache.get('k', async () => 'reloaded')).toBe('new');
  });

  it('keeps caching other keys while one is invalidated', async () => {
    const cache = cacheOf<string>();
    const other = deferred<string>();
    const inFlight = cache.get('other', () => other.promise);
    cache.invalidate('k');
    other.resolve('kept');
    await inFlight;
    expect(await cache.get('other', async () => 'reloaded')).toBe('kept');
  });
});

describe('ReadThroughCache when the database or the change feed is lost', () => {
  let now = 1_000_000;
  const advance = (ms: number): void => {
    now += ms;
  };
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const databaseDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const failing = (error: Error = databaseDown) => jest.fn(async (): Promise<string> => Promise.reject(error));
  const loading = (value: string) => jest.fn(async (): Promise<string> => value);

  it('keeps serving what it holds while the feed is down, without a read, for the stale window only', async () => {
    const cache = cacheOf<string>({ ttlMs: 30_000, staleWindowMs: 300_000 });
    await cache.get('k', loading('cached'));
    cache.feedLost();
    advance(60_000);
    const load = failing();
    expect(await cache.get('k', load)).toBe('cached');
    expect(load).not.toHaveBeenCalled();
    expect(cache.staleness()).toMatchObject({ entries: 1, unconfirmed: 1, servedStale: 1 });
    advance(240_000);
    await expect(cache.get('k', load)).rejects.toBe(databaseDown);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reloads every entry on its next read once the feed is back, so a change made meanwhile is seen at once', async () => {
    const cache = cacheOf<string>();
    await cache.get('k', loading('old secret'));
    cache.feedLost();
    advance(5_000);
    cache.feedRestored();
    expect(await cache.get('k', loading('rotated secret'))).toBe('rotated secret');
    const load = loading('unused');
    expect(await cache.get('k', load)).toBe('rotated secret');
    expect(load).not.toHaveBeenCalled();
    expect(cache.staleness().unconfirmed).toBe(0);
  });

  it('answers with the unconfirmed entry when the reload after reconnecting finds no database', async () => {
    const cache = cacheOf<string>();
    await cache.get('k', loading('cached'));
    cache.feedLost();
    cache.feedRestored();
    const load = failing();
    expect(await cache.get('k', load)).toBe('cached');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('answers with an expired entry when its reload finds no database, until the stale window after its expiry', async () => {
    const cache = cacheOf<string>({ ttlMs: 30_000, staleWindowMs: 60_000 });
    await cache.get('k', loading('cached'));
    advance(31_000);
    expect(await cache.get('k', failing())).toBe('cached');
    advance(60_000);
    await expect(cache.get('k', failing())).rejects.toBe(databaseDown);
  });

  it('never answers a stale entry for a failure other than the database, nor after an invalidation', async () => {
    const cache = cacheOf<string>({ ttlMs: 30_000 });
    await cache.get('k', loading('cached'));
    advance(31_000);
    const disabled = new Error('integration disabled');
    await expect(cache.get('k', failing(disabled))).rejects.toBe(disabled);
    cache.feedLost();
    cache.invalidate('k');
    await expect(cache.get('k', failing())).rejects.toBe(databaseDown);
  });

  it('treats a value loaded while the feed was down as unconfirmed from its load', async () => {
    const cache = cacheOf<string>({ staleWindowMs: 10_000 });
    cache.feedLost();
    await cache.get('k', loading('read while deaf'));
    expect(cache.staleness().unconfirmed).toBe(1);
    advance(9_000);
    expect(await cache.get('k', failing())).toBe('read while deaf');
    advance(2_000);
    await expect(cache.get('k', failing())).rejects.toBe(databaseDown);
  });

  it('marks a load that overlapped a feed loss as unconfirmed, even if the feed came back before it settled', async () => {
    const cache = cacheOf<string>();
    const slow = deferred<string>();
    const inFlight = cache.get('k', () => slow.promise);
    cache.feedLost();
    cache.feedRestored();
    slow.resolve('maybe outdated');
    await inFlight;
    expect(await cache.get('k', loading('confirmed'))).toBe('confirmed');
  });
});

describe('ReadThroughCache load deadline', () => {
  const hanging = (): Promise<string> => new Promise<string>(() => undefined);

  // The waits are real timers (the shortest a test can afford); expiry and budgets are read from the
  // cache's own clock, so no assertion depends on how fast this machine runs.
  it('fails a read whose load does not answer in time with DatabaseTimeoutError, each caller after its own wait', async () => {
    const cache = cacheOf<string>({ loadTimeoutMs: 50 });
    // Fails if the read waits for the hung load instead (the test would time out) or fails otherwise.
    await expect(cache.get('k', hanging)).rejects.toThrow(new DatabaseTimeoutError(50));
    // The hung load is still shared; a later caller waits its own 50 ms, not the load's lifetime.
    await expect(cache.get('k', hanging)).rejects.toThrow(new DatabaseTimeoutError(50));
  });

  it('answers with the stale entry when the reload does not answer in time', async () => {
    const clock = new ManualClock();
    const cache = cacheOf<string>({ ttlMs: 1000, loadTimeoutMs: 50, now: clock.now });
    await cache.get('k', async () => 'cached');
    clock.advance(1000);
    expect(await cache.get('k', hanging)).toBe('cached');
    expect(cache.staleness()).toMatchObject({ servedStale: 1 });
  });

  it("ends the wait at the caller's own budget (waitUntil) when that comes first, and serves a stale entry at once when it is spent", async () => {
    const clock = new ManualClock();
    const cache = cacheOf<string>({ ttlMs: 1000, loadTimeoutMs: 60_000, now: clock.now });
    // Fails if the wait is the cache's 60 s instead of the caller's 50 ms (the error names the wait).
    await expect(cache.get('new', hanging, clock.now() + 50)).rejects.toThrow(new DatabaseTimeoutError(50));
    await cache.get('warm', async () => 'cached');
    clock.advance(1000);
    expect(await cache.get('warm', hanging, clock.now() - 1)).toBe('cached');
  });
});
