import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { conflict, notFound, validationFailed } from '../common/chat-identity.error.js';
import type { JsonObject } from '../common/json.js';
import { SecretRotationService } from '../secrets/secret-rotation.service.js';
import { SecretState } from '../secrets/secret-state.js';
import type { SecretMetadata } from '../secrets/secret-metadata.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { CredentialKind } from '../vendors/vendor-definition.js';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import { CreateIntegrationDto, type IntegrationView, toIntegrationView, UpdateIntegrationDto } from './dto/integration.dto.js';
import { IntegrationEntity } from './entities/integration.entity.js';
import { IntegrationLookupService, requiresSecret } from './integration-lookup.service.js';
import { type SecretFields, secretVersionFor } from './secret-version-input.js';

const UNIQUE_VIOLATION = '23505';

/** Configured chat widgets: admin CRUD, each change audited and announced (token requests read IntegrationLookupService). */
@Injectable()
export class IntegrationsService {
  /** `<schema>.integration`, for the statements written by hand. */
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly vendors: VendorRegistry,
    private readonly secrets: SecretsService,
    private readonly rotation: SecretRotationService,
    private readonly lookup: IntegrationLookupService,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeedService,
  ) {
    this.table = dataSource.getMetadata(IntegrationEntity).tablePath;
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
    const prepared = version === null ? null : await this.rotation.prepare(version);
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
        const secret = prepared === null ? null : await this.rotation.storeVersion(manager, stored, prepared, true, context);
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
    return this.rotation.addVersion({ id: row.id, slug: row.slug }, version, activate, context);
  }

  async list(): Promise<IntegrationView[]> {
    const rows = await this.dataSource.getRepository(IntegrationEntity).find({ order: { slug: 'ASC' } });
    return Promise.all(rows.map((row) => this.view(row)));
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
    this.lookup.invalidate(slug);
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
    this.lookup.invalidate(slug);
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
