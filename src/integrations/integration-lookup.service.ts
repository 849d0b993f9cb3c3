import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { ChatIdentityError, ChatIdentityErrorCode, notFound } from '../common/chat-identity.error.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import type { IntegrationRef, VendorStrategy } from '../vendors/vendor-strategy.js';
import { vendorRuleViolated } from '../vendors/vendors.exception.js';
import { IntegrationEntity } from './entities/integration.entity.js';

/** An enabled integration, its settings parsed by its vendor strategy: what the hot path works with. */
export interface ResolvedIntegration {
  ref: IntegrationRef<object>;
  strategy: VendorStrategy;
  requiresSecret: boolean;
}

/** The hot path's view of integrations: enabled ones by slug, cached and kept fresh by the change feed. */
@Injectable()
export class IntegrationLookupService {
  private readonly enabledBySlug: ReadThroughCache<string, ResolvedIntegration>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vendors: VendorRegistry,
    changeFeed: ChangeFeedService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    this.enabledBySlug = new ReadThroughCache('integrations', {
      ttlMs: cacheOptions.integrationTtlMs,
      maxEntries: 10_000,
      staleWindowMs: cacheOptions.staleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    changeFeed.subscribe('integration', (slug) => this.enabledBySlug.invalidate(slug), this.enabledBySlug);
  }

  /** The enabled integration behind a slug, or a 404 problem (unknown and disabled look the same). */
  resolveEnabled(slug: string, waitUntil?: number): ResolvedIntegration | Promise<ResolvedIntegration> {
    return this.enabledBySlug.get(slug, (key) => this.loadEnabled(key), waitUntil);
  }

  /** After a change made here: at once, before the change feed's notification arrives. */
  invalidate(slug: string): void {
    this.enabledBySlug.invalidate(slug);
  }

  private async loadEnabled(slug: string): Promise<ResolvedIntegration> {
    const row = await this.dataSource.getRepository(IntegrationEntity).findOneBy({ slug });
    if (!row || !row.enabled) throw notFound(`No enabled integration "${slug}".`);
    const strategy = this.vendors.get(row.vendor);
    const settings = parseStoredSettings(strategy, row);
    return {
      ref: { id: row.id, slug: row.slug, vendor: row.vendor, settings },
      strategy,
      requiresSecret: requiresSecret(strategy, settings),
    };
  }
}

/** Whether tokens of this integration are signed with its stored secret (some vendors' settings need none). */
export function requiresSecret(strategy: VendorStrategy, settings: object): boolean {
  return strategy.requiresSecret?.(settings) ?? true;
}

/**
 * Stored settings that no longer validate (written around the admin API, or saved before a rule
 * existed, e.g. a reserved-claim mapping) are the integration's fault, not the caller's: a 422 naming
 * each broken rule, never a 400 about fields the caller never sent, and never a token.
 */
function parseStoredSettings(strategy: VendorStrategy, row: IntegrationEntity): object {
  try {
    return strategy.parseSettings(row.settings);
  } catch (error) {
    if (!(error instanceof ChatIdentityError) || error.code !== ChatIdentityErrorCode.ValidationFailed) throw error;
    const broken = (error.details.errors ?? []).map((problem) => `${problem.field}: ${problem.message}`);
    throw vendorRuleViolated(
      `Integration "${row.slug}" cannot issue tokens until an admin corrects its settings: ${broken.length > 0 ? broken.join('; ') : error.message}.`,
    );
  }
}
