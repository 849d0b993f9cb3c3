import { createHash } from 'node:crypto';
import type { RateLimitRecord, RateLimitStorage } from './rate-limit-storage.interface.js';

// INCR and the window's expiry in one script, so concurrent replicas never see a count without a
// window (a crash between INCR and PEXPIRE would otherwise leave a key that never resets).
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

// Only a key that still has hits in its window is taken down: an expired one stays gone.
const DECREMENT = `
local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
if hits <= 0 then return {0, 0} end
hits = redis.call('DECR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
return {hits, ttl > 0 and ttl or 0}`;

interface Script {
  source: string;
  sha: string;
}

const script = (source: string): Script => ({ source, sha: createHash('sha1').update(source).digest('hex') });

/**
 * The two commands this store sends: an ioredis `Redis` (or `Cluster`) client has them. Structural, so the
 * published types do not need ioredis in a host that brings another client or none.
 */
export interface RedisScriptingClient {
  evalsha(sha1: string, numberOfKeys: number, ...keysAndArguments: Array<string | number>): Promise<unknown>;
  eval(script: string, numberOfKeys: number, ...keysAndArguments: Array<string | number>): Promise<unknown>;
}

export interface RedisRateLimitStorageOptions {
  /** Prefix of every key this store writes, so several deployments (or test runs) can share one Redis. @default 'chat-identity:rate-limit:' */
  keyPrefix?: string;
}

/**
 * Counters shared by every replica in one Redis: fixed windows per key, counted and expired
 * atomically by a Lua script (EVALSHA, loaded again after a Redis restart). The client is the
 * caller's: this store never connects or closes it.
 */
export class RedisRateLimitStorage implements RateLimitStorage {
  private readonly incrementScript = script(INCREMENT);
  private readonly decrementScript = script(DECREMENT);
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: RedisScriptingClient,
    options: RedisRateLimitStorageOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'chat-identity:rate-limit:';
  }

  increment(key: string, windowMs: number): Promise<RateLimitRecord> {
    return this.run(this.incrementScript, key, windowMs);
  }

  decrement(key: string): Promise<RateLimitRecord> {
    return this.run(this.decrementScript, key, 0);
  }

  private async run(which: Script, key: string, windowMs: number): Promise<RateLimitRecord> {
    const redisKey = this.keyPrefix + key;
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(which.sha, 1, redisKey, windowMs);
    } catch (error) {
      if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
      reply = await this.redis.eval(which.source, 1, redisKey, windowMs);
    }
    const [totalHits, msBeforeReset] = reply as [number, number];
    return { totalHits, msBeforeReset };
  }
}
