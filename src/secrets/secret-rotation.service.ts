import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import type { JsonObject } from '../common/json.js';
import { IntegrationSecretEntity, SecretState } from './entities/integration-secret.entity.js';
import { type NewSecretVersion, type PreparedSecret, prepareSecret } from './new-secret-material.js';
import { SecretKeyring } from './secret-keyring.js';
import { type SecretMetadata, toSecretMetadata } from './secret-metadata.js';
import { keyIdTaken, SecretsException, SecretsExceptionCode } from './secrets.exception.js';
import { type SecretOwner, SecretsService } from './secrets.service.js';

/** `integration_secret.version` is a Postgres integer. */
const MAX_VERSION = 2_147_483_647;
/** Postgres: the integration a new version names does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Changes to vendor secrets: new versions (stored encrypted), activation and revocation, each atomic,
 * audited in its own transaction and announced to every instance through the change feed.
 */
@Injectable()
export class SecretRotationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyring: SecretKeyring,
    private readonly secrets: SecretsService,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeedService,
  ) {}

  /** Validates and makes a new version's material, before any transaction; generating a key pair runs off the event loop. */
  prepare(version: NewSecretVersion): Promise<PreparedSecret> {
    return prepareSecret(version);
  }

  /** Stores a new version inside the caller's transaction; `activate` retires the current one atomically. */
  async storeVersion(
    manager: EntityManager,
    owner: SecretOwner,
    prepared: PreparedSecret,
    activate: boolean,
    context: AuditContext,
  ): Promise<SecretMetadata> {
    if (prepared.keyId !== null) await this.assertKeyIdFree(manager, owner, prepared.keyId);
    const { next } = await manager
      .createQueryBuilder(IntegrationSecretEntity, 'secret')
      .select('COALESCE(MAX(secret.version), 0) + 1', 'next')
      .where('secret.integration_id = :id', { id: owner.id })
      .getRawOne<{ next: number }>()
      .then((row) => ({ next: Number(row?.next ?? 1) }));
    const now = new Date();
    const retired = activate ? await this.retireActive(manager, owner.id, now) : 0;
    const sealed = this.keyring.seal(owner.id, next, prepared.plaintext);
    const row = manager.create(IntegrationSecretEntity, {
      integrationId: owner.id,
      version: next,
      state: activate ? SecretState.Active : SecretState.Pending,
      ciphertext: sealed.ciphertext,
      masterKeyId: sealed.masterKeyId,
      fingerprint: prepared.fingerprint,
      keyId: prepared.keyId,
      keyFormat: prepared.format,
      createdBy: context.actor,
      activatedAt: activate ? now : null,
      retiredAt: null,
      revokedAt: null,
    });
    await manager.insert(IntegrationSecretEntity, row).catch((error: unknown) => {
      // Deleted since the caller looked it up: its secrets went with it (the foreign key cascades).
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
        throw new SecretsException(SecretsExceptionCode.IntegrationNotFound, `Integration "${owner.slug}" does not exist.`);
      }
      throw error;
    });
    const stored = await manager.findOneByOrFail(IntegrationSecretEntity, { integrationId: owner.id, version: next });
    await this.audit.record(manager, context, {
      action: !activate ? 'secret.staged' : retired > 0 ? 'secret.rotated' : 'secret.added',
      target: `integration:${owner.slug}`,
      details: { version: next, fingerprint: stored.fingerprint, ...(stored.keyId === null ? {} : { keyId: stored.keyId }) },
    });
    await this.announce(manager, owner.id);
    return toSecretMetadata(stored);
  }

  /** Adds a version in its own transaction (rotate at once, or stage as pending). */
  async addVersion(owner: SecretOwner, version: NewSecretVersion, activate: boolean, context: AuditContext): Promise<SecretMetadata> {
    const prepared = await this.prepare(version);
    const metadata = await this.dataSource.transaction((manager) =>
      this.lockOwner(manager, owner).then(() => this.storeVersion(manager, owner, prepared, activate, context)),
    );
    this.secrets.changed(owner.id);
    return metadata;
  }

  /** Makes a pending (or retired) version the active one; the previous active one is retired. */
  async activate(owner: SecretOwner, version: number, context: AuditContext): Promise<SecretMetadata> {
    return this.change(owner, version, context, 'secret.activated', async (manager, row, now) => {
      if (row.state === SecretState.Active) return row;
      if (row.state === SecretState.Revoked) throw new SecretsException(SecretsExceptionCode.VersionRevoked, `Version ${version} is revoked and cannot be activated again.`);
      await this.retireActive(manager, owner.id, now);
      return { ...row, state: SecretState.Active, activatedAt: now, retiredAt: null };
    });
  }

  /**
   * Takes a version out of use immediately, on every instance. The active version only with `force`:
   * without it every token request would answer 503 until an admin activates another. A refusal is
   * audited too (in its own committed transaction), so attempts show in the trail.
   */
  async revoke(owner: SecretOwner, version: number, context: AuditContext, { force = false } = {}): Promise<SecretMetadata> {
    let refused = false;
    const metadata = await this.change(owner, version, context, 'secret.revoked', async (manager, row, now) => {
      if (row.state === SecretState.Revoked) return row;
      if (row.state === SecretState.Active && !force) {
        refused = true;
        await this.audit.record(manager, context, {
          action: 'secret.revoke-refused',
          target: `integration:${owner.slug}`,
          details: { version, fingerprint: row.fingerprint, reason: 'only active version' },
        });
        return row;
      }
      return { ...row, state: SecretState.Revoked, revokedAt: now };
    }, force ? { force: true } : {});
    if (refused) {
      throw new SecretsException(
        SecretsExceptionCode.OnlyActiveVersion,
        `Version ${version} is the active secret: revoking it would leave no active secret, and every token request would answer 503. ` +
          'Activate or add another version first, or revoke with ?force=true.',
      );
    }
    return metadata;
  }

  private async change(
    owner: SecretOwner,
    version: number,
    context: AuditContext,
    action: string,
    apply: (manager: EntityManager, row: IntegrationSecretEntity, now: Date) => Promise<IntegrationSecretEntity>,
    auditDetails: JsonObject = {},
  ): Promise<SecretMetadata> {
    const metadata = await this.dataSource.transaction(async (manager) => {
      await this.lockOwner(manager, owner);
      // Out of the integer column's range names no version: a 404, not a database error (500).
      const row = isStorableVersion(version)
        ? await manager.findOneBy(IntegrationSecretEntity, { integrationId: owner.id, version })
        : null;
      if (!row) throw new SecretsException(SecretsExceptionCode.VersionNotFound, `Integration "${owner.slug}" has no secret version ${version}.`);
      const updated = await apply(manager, row, new Date());
      if (updated !== row) {
        await manager.update(
          IntegrationSecretEntity,
          { integrationId: owner.id, version },
          { state: updated.state, activatedAt: updated.activatedAt, retiredAt: updated.retiredAt, revokedAt: updated.revokedAt },
        );
        await this.audit.record(manager, context, {
          action,
          target: `integration:${owner.slug}`,
          details: { version, fingerprint: row.fingerprint, from: row.state, to: updated.state, ...auditDetails },
        });
        await this.announce(manager, owner.id);
      }
      return toSecretMetadata(updated);
    });
    this.secrets.changed(owner.id);
    return metadata;
  }

  private async assertKeyIdFree(manager: EntityManager, owner: SecretOwner, keyId: string): Promise<void> {
    const taken = await manager.findOneBy(IntegrationSecretEntity, { integrationId: owner.id, keyId });
    if (taken) throw keyIdTaken(`Integration "${owner.slug}" already has a version with key id "${keyId}" (version ${taken.version}); each key has its own id.`);
  }

  /**
   * Serializes secret changes of one integration, so version numbers and the active flag never race: a lock
   * on its id for the transaction (the integration's row is the integrations module's to read).
   */
  private async lockOwner(manager: EntityManager, owner: SecretOwner): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`chat-identity:secrets:${owner.id}`]);
  }

  /** Retires the active version, if any; returns how many rows changed (0 or 1). */
  private async retireActive(manager: EntityManager, integrationId: string, now: Date): Promise<number> {
    const result = await manager.update(
      IntegrationSecretEntity,
      { integrationId, state: SecretState.Active },
      { state: SecretState.Retired, retiredAt: now },
    );
    return result.affected ?? 0;
  }

  private async announce(manager: EntityManager, integrationId: string): Promise<void> {
    await this.changeFeed.publish(manager, 'secret', integrationId);
  }
}

function isStorableVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= MAX_VERSION;
}
