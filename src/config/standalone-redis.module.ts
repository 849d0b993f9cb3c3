import { type DynamicModule, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** How long a start waits for Redis before serving with per-instance counters (they take over until it connects). */
const READY_WAIT_MS = 2000;

/** The standalone's Redis client (REDIS_URL), closed when the app stops; `client` is undefined without REDIS_URL. */
export class StandaloneRedis implements OnApplicationShutdown {
  constructor(readonly client: Redis | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}

async function connect(url: string): Promise<Redis> {
  // Loaded here, not at start: a service without REDIS_URL never holds the client (about 10 MiB resident).
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    // A rate-limit check must not wait for Redis: while it is unreachable or slow, commands fail at
    // once (no offline queue, no retries, 250 ms at most) and RateLimiter counts per instance instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 2000,
    // Reconnects for ever, backing off to 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  // Connection errors surface as failed commands, which RateLimiter logs (throttled) and counts.
  client.on('error', () => undefined);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, READY_WAIT_MS).unref();
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

@Module({})
export class StandaloneRedisModule {
  static forUrl(url: string | undefined): DynamicModule {
    return {
      module: StandaloneRedisModule,
      providers: [{ provide: StandaloneRedis, useFactory: async () => new StandaloneRedis(url ? await connect(url) : undefined) }],
      exports: [StandaloneRedis],
    };
  }
}
