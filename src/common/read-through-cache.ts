import { ExpiringCache } from './expiring-cache.js';

interface Load<V> {
  promise: Promise<V>;
  /** Set when the key was invalidated (or the cache cleared) while this load ran. */
  stale: boolean;
}

/**
 * An ExpiringCache that loads misses itself: concurrent misses for one key share one load, and a
 * load that was running when the key was invalidated is returned to its callers but not cached,
 * so a value read just before a change can never outlive the change's notification. Only loads in
 * flight are tracked: an invalidation leaves nothing behind once they settle.
 */
export class ReadThroughCache<K, V> {
  private readonly values: ExpiringCache<K, V>;
  private readonly loading = new Map<K, Load<V>>();

  constructor(ttlMs: number, maxEntries: number) {
    this.values = new ExpiringCache(ttlMs, maxEntries);
  }

  get(key: K, load: (key: K) => Promise<V>): V | Promise<V> {
    const cached = this.values.get(key);
    if (cached !== undefined) return cached;
    return this.loading.get(key)?.promise ?? this.startLoad(key, load);
  }

  invalidate(key: K): void {
    this.values.delete(key);
    this.markStale(this.loading.get(key));
    this.loading.delete(key);
  }

  clear(): void {
    this.values.clear();
    for (const inFlight of this.loading.values()) this.markStale(inFlight);
    this.loading.clear();
  }

  private markStale(inFlight: Load<V> | undefined): void {
    if (inFlight) inFlight.stale = true;
  }

  private startLoad(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const settle = (): void => {
      if (this.loading.get(key) === inFlight) this.loading.delete(key);
    };
    const inFlight: Load<V> = {
      stale: false,
      promise: load(key).then(
        (value) => {
          if (!inFlight.stale) this.values.set(key, value);
          settle();
          return value;
        },
        (error: unknown) => {
          settle();
          throw error;
        },
      ),
    };
    this.loading.set(key, inFlight);
    return inFlight.promise;
  }
}
