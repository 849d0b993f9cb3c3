import type { RateLimitRecord, RateLimitStorage } from './rate-limit-storage.interface.js';

interface Window {
  counts: Map<string, number>;
  endsAt: number;
}

/**
 * Per-instance counters in fixed windows shared by every key of one window length: a whole window's
 * map is dropped when it ends, so memory is bounded by the keys seen in one window and no key needs
 * its own timer or sweep. Answers synchronously: nothing here waits.
 */
export class InMemoryRateLimitStorage implements RateLimitStorage {
  private readonly windows = new Map<number, Window>();

  increment(key: string, windowMs: number): RateLimitRecord {
    const now = Date.now();
    let window = this.windows.get(windowMs);
    if (!window || now >= window.endsAt) {
      window = { counts: new Map(), endsAt: now + windowMs };
      this.windows.set(windowMs, window);
    }
    const totalHits = (window.counts.get(key) ?? 0) + 1;
    window.counts.set(key, totalHits);
    return { totalHits, msBeforeReset: window.endsAt - now };
  }

  decrement(key: string): RateLimitRecord {
    const now = Date.now();
    for (const window of this.windows.values()) {
      const totalHits = window.endsAt > now ? window.counts.get(key) : undefined;
      if (totalHits === undefined) continue;
      const remaining = Math.max(0, totalHits - 1);
      window.counts.set(key, remaining);
      return { totalHits: remaining, msBeforeReset: window.endsAt - now };
    }
    return { totalHits: 0, msBeforeReset: 0 };
  }
}
