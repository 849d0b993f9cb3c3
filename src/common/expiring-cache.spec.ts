import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { ExpiringCache } from './expiring-cache.js';

describe('ExpiringCache', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('returns a value until its time is up', () => {
    jest.useFakeTimers({ now: 0 });
    const cache = new ExpiringCache<string, number>(1000, 10);
    cache.set('a', 1);
    jest.setSystemTime(999);
    expect(cache.get('a')).toBe(1);
    jest.setSystemTime(1000);
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new ExpiringCache<string, number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });
});
