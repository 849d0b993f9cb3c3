import { DatabaseTimeoutError, isDatabaseUnavailable } from './database-unavailable.js';

export interface ReadThroughCacheOptions {
  /** How long an entry is served without a read, while the change feed is live. */
  ttlMs: number;
  /** Oldest entries are evicted first beyond this. */
  maxEntries: number;
  /**
   * How long an entry that can no longer be confirmed is still served: from the moment the change feed
   * was lost (a change may have been missed), or from its expiry when a reload fails for want of a database.
   */
  staleWindowMs: number;
  /**
   * How long one read waits for a load (a miss, an expired or unconfirmed entry) before it fails with
   * DatabaseTimeoutError, or answers with its stale entry: a request stays bounded while the load runs on.
   */
  loadTimeoutMs: number;
  /** Which load failures may be answered with a stale entry. @default the database being out of reach */
  servesStaleOn?: (error: unknown) => boolean;
  /** The clock expiry and stale windows are read from, in epoch ms (a test's own clock). @default Date.now */
  now?: () => number;
}

/** What a cache holds, what it could not confirm and how its reads went, for readiness and metrics. */
export interface CacheStaleness {
  entries: number;
  /** Reads answered from a fresh entry, since start. */
  hits: number;
  /** Reads that had to load (nothing cached, or an expired or unconfirmed entry), since start. */
  misses: number;
  /** Entries loaded before (or while) the change feed was down: each is reloaded on its next read. */
  unconfirmed: number;
  /** Reads answered with an unconfirmed or expired entry since start. */
  servedStale: number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
  /** Set when a change to it may have been missed: the feed was down at or after its load. */
  unconfirmedSince?: number;
}

interface Load<V> {
  promise: Promise<V>;
  /** Set when the key was invalidated while this load ran. */
  invalidated: boolean;
}

/**
 * A bounded, expiring cache that loads misses itself, kept fresh by the change feed (invalidate per key)
 * with a TTL as a safety net. Concurrent misses for one key share one load, and a load that was running
 * when the key was invalidated is returned to its callers but not cached, so a value read just before a
 * change can never outlive the change's notification.
 *
 * It outlives the database: while the feed is down, entries are served as they are for `staleWindowMs`
 * (no read that would hang on a lost database); once the feed is back, each is reloaded on its next read
 * (a change made meanwhile is seen at once); and a reload that fails because the database is out of
 * reach answers with the entry it would have replaced, within the same window.
 */
export class ReadThroughCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly loading = new Map<K, Load<V>>();
  private readonly servesStaleOn: (error: unknown) => boolean;
  private readonly now: () => number;
  private feedDown = false;
  /** Counts feed losses, so a load that overlapped one knows its value is unconfirmed. */
  private losses = 0;
  private servedStale = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    readonly name: string,
    private readonly options: ReadThroughCacheOptions,
  ) {
    this.servesStaleOn = options.servesStaleOn ?? isDatabaseUnavailable;
    this.now = options.now ?? ((): number => Date.now());
  }

  /** `waitUntil` (epoch ms) ends the wait for a load sooner than `loadTimeoutMs`: a request's budget shared by its reads. */
  get(key: K, load: (key: K) => Promise<V>, waitUntil = Number.POSITIVE_INFINITY): V | Promise<V> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry !== undefined && entry.unconfirmedSince === undefined && now < entry.expiresAt) {
      this.hits += 1;
      return entry.value;
    }
    this.misses += 1;
    if (entry === undefined) return this.await(key, load, waitUntil);
    const staleUntil = (entry.unconfirmedSince ?? entry.expiresAt) + this.options.staleWindowMs;
    if (now >= staleUntil) {
      this.entries.delete(key);
      return this.await(key, load, waitUntil);
    }
    if (this.feedDown) return this.serveStale(entry);
    return this.await(key, load, waitUntil).catch((error: unknown) => {
      if (this.servesStaleOn(error) && this.now() < staleUntil && this.entries.get(key) === entry) return this.serveStale(entry);
      throw error;
    });
  }

  invalidate(key: K): void {
    this.entries.delete(key);
    const inFlight = this.loading.get(key);
    if (inFlight) inFlight.invalidated = true;
    this.loading.delete(key);
  }

  /** The change feed is down: nothing cached can be confirmed from now on. */
  feedLost(): void {
    if (this.feedDown) return;
    this.feedDown = true;
    this.losses += 1;
    const now = this.now();
    for (const entry of this.entries.values()) entry.unconfirmedSince ??= now;
  }

  /** The change feed is back: unconfirmed entries are reloaded on their next read. */
  feedRestored(): void {
    this.feedDown = false;
  }

  staleness(): CacheStaleness {
    let unconfirmed = 0;
    for (const entry of this.entries.values()) if (entry.unconfirmedSince !== undefined) unconfirmed += 1;
    return { entries: this.entries.size, hits: this.hits, misses: this.misses, unconfirmed, servedStale: this.servedStale };
  }

  private serveStale(entry: Entry<V>): V {
    this.servedStale += 1;
    return entry.value;
  }

  /** The shared load of `key`, as long as this caller may wait for it. */
  private await(key: K, load: (key: K) => Promise<V>, waitUntil: number): Promise<V> {
    const shared = this.loading.get(key)?.promise ?? this.startLoad(key, load);
    const waitMs = Math.max(0, Math.min(this.options.loadTimeoutMs, waitUntil - this.now()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(waitMs)), waitMs);
    });
    return Promise.race([shared, deadline]).finally(() => clearTimeout(timer));
  }

  private startLoad(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const startedAt = this.now();
    const lossesAtStart = this.losses;
    const settle = (): void => {
      if (this.loading.get(key) === inFlight) this.loading.delete(key);
    };
    const inFlight: Load<V> = {
      invalidated: false,
      promise: load(key).then(
        (value) => {
          if (!inFlight.invalidated) {
            const unconfirmed = this.feedDown || this.losses !== lossesAtStart;
            this.store(key, { value, expiresAt: this.now() + this.options.ttlMs, unconfirmedSince: unconfirmed ? startedAt : undefined });
          }
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

  private store(key: K, entry: Entry<V>): void {
    this.entries.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }
}
