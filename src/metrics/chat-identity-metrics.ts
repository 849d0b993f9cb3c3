import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheStaleness } from '../common/read-through-cache.js';
import type { ProblemObserver } from '../common/problem-observer.js';

/** One integration's active secret and when it became active. */
export interface ActiveSecretAge {
  integration: string;
  vendor: string;
  activatedAt: Date;
}

/**
 * The module's Prometheus metrics, in a registry of its own (several apps in one process never
 * clash; a host merges it into its own with `Registry.merge` or serves `registry.metrics()`).
 * Recording is one prom-client update per call (about 3 µs per token request, see BENCHMARKS.md) and
 * never waits; the secret ages are read only when scraped.
 */
@Injectable()
export class ChatIdentityMetrics implements ProblemObserver {
  readonly registry = new Registry();

  private readonly tokensIssued = new Counter({
    name: 'chat_identity_tokens_issued_total',
    help: 'Widget identities issued, per integration and vendor.',
    labelNames: ['integration', 'vendor'] as const,
    registers: [this.registry],
  });

  private readonly refusals = new Counter({
    name: 'chat_identity_refusals_total',
    help: 'Requests answered with an error, by route pattern and HTTP status (401 unauthenticated, 403, 404, 422 vendor rule, 429 rate limited, 503 dependency down, ...).',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly requestDuration = new Histogram({
    name: 'chat_identity_http_request_duration_seconds',
    help: 'Time from request to response, per method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly vendorApiCalls = new Counter({
    name: 'chat_identity_vendor_api_calls_total',
    help: "Calls to a vendor's API, by vendor and outcome (the HTTP status, or network_error).",
    labelNames: ['vendor', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly vendorApiThrottled = new Counter({
    name: 'chat_identity_vendor_api_throttled_total',
    help: "Vendor API calls answered 429 (the vendor's rate limit).",
    labelNames: ['vendor'] as const,
    registers: [this.registry],
  });

  private readonly rateLimitStoreFailures = new Counter({
    name: 'chat_identity_rate_limit_store_failures_total',
    help: 'Failures of the shared rate-limit store (Redis); after each, per-instance counters stand in for 5 s.',
    registers: [this.registry],
  });

  private activeSecretAges: () => Promise<ActiveSecretAge[]> = () => Promise.resolve([]);
  private cacheStats: () => Record<string, CacheStaleness> = () => ({});

  constructor() {
    const ages = (): Promise<ActiveSecretAge[]> => this.activeSecretAges();
    this.cacheSeries('chat_identity_cache_hits_total', 'Reads answered from a fresh cache entry, per cache.', 'hits', Counter);
    this.cacheSeries('chat_identity_cache_misses_total', 'Reads that had to load from the database, per cache.', 'misses', Counter);
    this.cacheSeries('chat_identity_cache_served_stale_total', 'Reads answered with an unconfirmed or expired entry because the database or the change feed was away, per cache.', 'servedStale', Counter);
    this.cacheSeries('chat_identity_cache_entries', 'Entries held, per cache.', 'entries', Gauge);
    this.cacheSeries('chat_identity_cache_unconfirmed_entries', 'Entries held that the change feed could not confirm (it was down at or after their load), per cache.', 'unconfirmed', Gauge);
    new Gauge({
      name: 'chat_identity_active_secret_age_seconds',
      help: "Seconds since each integration's active secret became active (read from the database when scraped).",
      labelNames: ['integration', 'vendor'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const age of await ages()) {
          this.set({ integration: age.integration, vendor: age.vendor }, Math.max(0, (now - age.activatedAt.getTime()) / 1000));
        }
      },
    });
  }

  /** Children per label set, resolved once: prom-client hashes the labels object on every call otherwise. */
  private readonly issuedChildren = new Map<string, { inc(): void }>();
  private readonly durationChildren = new Map<string, { observe(seconds: number): void }>();

  tokenIssued(integration: string, vendor: string): void {
    const key = `${integration} ${vendor}`;
    let child = this.issuedChildren.get(key);
    if (child === undefined) this.issuedChildren.set(key, (child = this.tokensIssued.labels({ integration, vendor })));
    child.inc();
  }

  refused(status: number, route: string): void {
    this.refusals.inc({ route, status: String(status) });
  }

  requestCompleted(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.durationChildren.get(key);
    if (child === undefined) this.durationChildren.set(key, (child = this.requestDuration.labels({ method, route, status: String(status) })));
    child.observe(seconds);
  }

  rateLimitStoreFailed(): void {
    this.rateLimitStoreFailures.inc();
  }

  /** Counts one vendor API exchange: `status` is the HTTP status, or `network_error` when none came back. */
  vendorApiCall(vendor: string, status: number | 'network_error'): void {
    this.vendorApiCalls.inc({ vendor, outcome: String(status) });
    if (status === 429) this.vendorApiThrottled.inc({ vendor });
  }

  /**
   * A fetch that counts every call it makes under `vendor`, for any vendor API client:
   * `new SomeVendorClient(metrics.countingFetch('hubspot', options.fetch ?? fetch))`.
   */
  countingFetch(vendor: string, http: typeof fetch): typeof fetch {
    return async (input, init) => {
      let response: Response;
      try {
        response = await http(input, init);
      } catch (error) {
        this.vendorApiCall(vendor, 'network_error');
        throw error;
      }
      this.vendorApiCall(vendor, response.status);
      return response;
    };
  }

  /** Where the cache series read from at scrape time (the change feed knows every cache it keeps fresh). */
  readCacheStatsWith(read: () => Record<string, CacheStaleness>): void {
    this.cacheStats = read;
  }

  /** One series per cache, read from the caches' own counts when scraped (nothing on the hot path). */
  private cacheSeries(name: string, help: string, field: keyof CacheStaleness, kind: typeof Counter | typeof Gauge): void {
    const stats = (): Record<string, CacheStaleness> => this.cacheStats();
    new kind({
      name,
      help,
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect(this: Counter<'cache'> | Gauge<'cache'>) {
        this.reset();
        for (const [cache, counts] of Object.entries(stats())) {
          if (this instanceof Gauge) this.set({ cache }, counts[field]);
          else this.inc({ cache }, counts[field]);
        }
      },
    });
  }

  /** Where the secret-age gauge reads from at scrape time (the secrets module registers its query). */
  readActiveSecretAgesWith(read: () => Promise<ActiveSecretAge[]>): void {
    this.activeSecretAges = read;
  }
}
