import { describe, expect, it } from '@jest/globals';
import { ReadThroughCache } from './read-through-cache.js';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ReadThroughCache', () => {
  it('shares one load between concurrent misses and caches the result', async () => {
    const cache = new ReadThroughCache<string, number>(60_000, 10);
    let loads = 0;
    const load = async (): Promise<number> => ++loads;
    const values = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(values).toEqual([1, 1, 1]);
    expect(await cache.get('k', load)).toBe(1);
    expect(loads).toBe(1);
  });

  it('does not cache a value whose load overlapped an invalidation', async () => {
    const cache = new ReadThroughCache<string, string>(60_000, 10);
    const stale = deferred<string>();
    const inFlight = cache.get('k', () => stale.promise);
    cache.invalidate('k');
    stale.resolve('old');
    expect(await inFlight).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('forgets a failed load so the next call retries', async () => {
    const cache = new ReadThroughCache<string, string>(60_000, 10);
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });
});

describe('ReadThroughCache invalidation while loading', () => {
  it('does not cache a value whose load overlapped a clear()', async () => {
    const cache = new ReadThroughCache<string, string>(60_000, 10);
    const stale = deferred<string>();
    const inFlight = cache.get('k', () => stale.promise);
    cache.clear();
    stale.resolve('old');
    expect(await inFlight).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('caches the load started after an invalidation, even while the stale one is still running', async () => {
    const cache = new ReadThroughCache<string, string>(60_000, 10);
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
    const cache = new ReadThroughCache<string, string>(60_000, 10);
    const other = deferred<string>();
    const inFlight = cache.get('other', () => other.promise);
    cache.invalidate('k');
    other.resolve('kept');
    await inFlight;
    expect(await cache.get('other', async () => 'reloaded')).toBe('kept');
  });
});
