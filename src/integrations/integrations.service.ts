import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { ChatIdentityError, ChatIdentityErrorCode, conflict, notFound, validationFailed } from '../common/chat-identity.error.js';
import { vendorRuleViolated } from '../vendors/vendors.exception.js';
import type { JsonObject } from '../common/json.js';
import type { ActiveSecretAge } from '../metrics/chat-identity-metrics.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import { SecretState } from '../secrets/secret-state.js';
import type { SecretMetadata } from '../secrets/secret-metadata.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { CredentialKind } from '../vendors/vendor-definition.js';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import type { IntegrationRef, VendorStrategy } from '../vendors/vendor-strategy.js';
import { CreateIntegrationDto, type IntegrationView, toIntegrationView, UpdateIntegrationDto } from './dto/integration.dto.js';
import { IntegrationEntity } from './entities/integration.entity.js';
import { type SecretFields, secretVersionFor } from './secret-version-input.js';

const UNIQUE_VIOLATION = '23505';

/** An enabled integration, its settings parsed by its vendor strategy: what the hot path works with. */
export interface ResolvedIntegration {
  ref: IntegrationRef<object>;
  strategy: VendorStrategy;
  requiresSecret: boolean;
}

/** Configured chat widgets: admin CRUD (audited) and a cached lookup for token requests. */
@Injectable()
export class IntegrationsService {
  private readonly enabledBySlug: ReadThroughCache<string, ResolvedIntegration>;
  /** `<schema>.integration`, for the statements written by hand. */
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vendors: VendorRegistry,
    private readonly secrets: SecretsService,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeedService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    this.table = dataSource.getMetadata(IntegrationEntity).tablePath;
    this.enabledBySlug = new ReadThroughCache('integrations', {
      ttlMs: cacheOptions.integrationTtlMs,
      maxEntries: 10_000,
      staleWindowMs: cacheOptions.staleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    this.changeFeed.subscribe('integration', (slug) => this.enabledBySlug.invalidate(slug), this.enabledBySlug);
  }

  /** The enabled integration behind a slug, or a 404 problem (unknown and disabled look the same). */
  resolveEnabled(slug: string, waitUntil?: number): ResolvedIntegration | Promise<ResolvedIntegration> {
    return this.enabledBySlug.get(slug, (key) => this.loadEnabled(key), waitUntil);
  }

  async create(dto: CreateIntegrationDto, context: AuditContext): Promise<IntegrationView & { secret: SecretMetadata | null }> {
    const strategy = this.vendors.get(dto.vendor);
    const settings = toJsonObject(strategy.parseSettings(dto.settings));
    const version = secretVersionFor(strategy.definition, dto);
    // Key pairs are generated afterwards (POST .../secrets), staged, registered with the vendor, then activated.
    const generatesKeys = strategy.definition.credential === CredentialKind.Rs256Jwt;
    if (version === null && !generatesKeys && requiresSecret(strategy, settings)) {
      throw validationFailed(`A ${dto.vendor} integration with these settings needs its vendor secret.`, [
        { field: 'secret', message: 'secret is required' },
      ]);
    }
    const prepared = version === null ? null : await this.secrets.prepare(version);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO ${this.table} (id, slug, vendor, settings, enabled) VALUES ($1, $2, $3, $4, $5)`, [
          randomUUID(),
          dto.slug,
          strategy.definition.id,
          JSON.stringify(settings),
          dto.enabled ?? true,
        ]);
        const stored = await manager.findOneByOrFail(IntegrationEntity, { slug: dto.slug });
        await this.audit.record(manager, context, {
          action: 'integration.created',
          target: `integration:${stored.slug}`,
          details: { vendor: stored.vendor, settings: Object.keys(settings).sort(), enabled: stored.enabled },
        });
        const secret = prepared === null ? null : await this.secrets.storeVersion(manager, stored, prepared, true, context);
        await this.announce(manager, stored.slug);
        return { ...toIntegrationView(stored, secret ?? undefined), secret };
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw conflict(`An integration with slug "${dto.slug}" already exists.`);
      }
      throw error;
    }
  }

  /** A new secret version, as the integration's vendor takes it: `activate` rotates at once, else it is staged as pending. */
  async addSecret(slug: string, fields: SecretFields, activate: boolean, context: AuditContext): Promise<SecretMetadata> {
    const row = await this.find(slug);
    const strategy = this.vendors.get(row.vendor);
    const version = secretVersionFor(strategy.definition, fields);
    if (version === null) {
      const field = strategy.definition.credential === CredentialKind.Rs256Jwt ? 'generate' : 'secret';
      const message = field === 'generate' ? 'generate must be true: this vendor verifies key pairs generated here' : 'secret is required';
      throw validationFailed(`A new ${strategy.definition.name} version needs ${field === 'generate' ? '{ "generate": true }' : 'its secret'}.`, [{ field, message }]);
    }
    return this.secrets.addVersion({ id: row.id, slug: row.slug }, version, activate, context);
  }

  async list(): Promise<IntegrationView[]> {
    const rows = await this.dataSource.getRepository(IntegrationEntity).find({ order: { slug: 'ASC' } });
    return Promise.all(rows.map((row) => this.view(row)));
  }

  /** When each integration's active secret became active (the secret-age metric, read when scraped). */
  async activeSecretAges(): Promise<ActiveSecretAge[]> {
    const rows = await this.dataSource.getRepository(IntegrationEntity).find();
    const ages = await Promise.all(
      rows.map(async (row) => {
        const activatedAt = (await this.secrets.list(row.id)).find((version) => version.state === SecretState.Active)?.activatedAt;
        return activatedAt ? [{ integration: row.slug, vendor: row.vendor, activatedAt }] : [];
      }),
    );
    return ages.flat();
  }

  async get(slug: string): Promise<IntegrationView> {
    return this.view(await this.find(slug));
  }

  /** The integration's id and slug, for its secrets; 404 problem when it does not exist. */
  async owner(slug: string): Promise<{ id: string; slug: string }> {
    const row = await this.find(slug);
    return { id: row.id, slug: row.slug };
  }

  async update(slug: string, dto: UpdateIntegrationDto, context: AuditContext): Promise<IntegrationView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(IntegrationEntity, { where: { slug }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound(`Integration "${slug}" does not exist.`);
      const strategy = this.vendors.get(current.vendor);
      const settings = dto.settings
        ? toJsonObject(strategy.parseSettings({ ...current.settings, ...dto.settings }))
        : current.settings;
      const enabled = dto.enabled ?? current.enabled;
      await manager.query(`UPDATE ${this.table} SET settings = $2, enabled = $3, updated_at = now() WHERE id = $1`, [
        current.id,
        JSON.stringify(settings),
        enabled,
      ]);
      await this.audit.record(manager, context, {
        action: 'integration.updated',
        target: `integration:${slug}`,
        details: { settingsChanged: Object.keys(dto.settings ?? {}).sort(), enabled },
      });
      await this.announce(manager, slug);
      return manager.findOneByOrFail(IntegrationEntity, { id: current.id });
    });
    this.enabledBySlug.invalidate(slug);
    return this.view(row);
  }

  async remove(slug: string, context: AuditContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneBy(IntegrationEntity, { slug });
      if (!current) throw notFound(`Integration "${slug}" does not exist.`);
      await manager.delete(IntegrationEntity, { id: current.id });
      await this.audit.record(manager, context, {
        action: 'integration.deleted',
        target: `integration:${slug}`,
        details: { vendor: current.vendor },
      });
      await this.announce(manager, slug);
    });
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

  private async find(slug: string): Promise<IntegrationEntity> {
    const row = await this.dataSource.getRepository(IntegrationEntity).findOneBy({ slug });
    if (!row) throw notFound(`Integration "${slug}" does not exist.`);
    return row;
  }

  private async view(row: IntegrationEntity): Promise<IntegrationView> {
    const versions = await this.secrets.list(row.id);
    return toIntegrationView(row, versions.find((version) => version.state === SecretState.Active));
  }

  private async announce(manager: EntityManager, slug: string): Promise<void> {
    await this.changeFeed.publish(manager, 'integration', slug);
  }
}

/** Parsed settings are plain data (class-validator instances of JSON input), stored as such. */
function toJsonObject(settings: unknown): JsonObject {
  return { ...(settings as JsonObject) };
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

function requiresSecret(strategy: VendorStrategy, settings: object): boolean {
  return strategy.requiresSecret?.(settings) ?? true;
}
