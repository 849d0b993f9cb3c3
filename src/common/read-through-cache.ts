import { ExpiringCache } from './expiring-cache.js';

/**
 * An ExpiringCache that loads misses itself: concurrent misses for one key share one load, and a
 * load that was running when the key was invalidated is returned to its callers but not cached,
 * so a value read just before a change can never outlive the change's notification.
 */
export class ReadThroughCache<K, V> {
  private readonly values: ExpiringCache<K, V>;
  private readonly loading = new Map<K, Promise<V>>();
  private readonly generations = new Map<K, number>();
  private epoch = 0;

  constructor(ttlMs: number, maxEntries: number) {
    this.values = new ExpiringCache(ttlMs, maxEntries);
  }

  get(key: K, load: (key: K) => Promise<V>): V | Promise<V> {
    const cached = this.values.get(key);
    if (cached !== undefined) return cached;
    return this.loading.get(key) ?? this.startLoad(key, load);
  }

  invalidate(key: K): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.values.delete(key);
    this.loading.delete(key);
  }

  clear(): void {
    this.epoch += 1;
    this.generations.clear();
    this.values.clear();
    this.loading.clear();
  }

  private startLoad(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const startedAt = { epoch: this.epoch, generation: this.generations.get(key) ?? 0 };
    const promise = load(key).then(
      (value) => {
        const unchanged = startedAt.epoch === this.epoch && startedAt.generation === (this.generations.get(key) ?? 0);
        if (unchanged) this.values.set(key, value);
        if (this.loading.get(key) === promise) this.loading.delete(key);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === promise) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }
}
