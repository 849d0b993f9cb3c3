import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { KeyObject } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import type { SigningKey } from '../vendors/vendor-strategy.js';
import { IntegrationSecretEntity, SecretKeyFormat, SecretState } from './entities/integration-secret.entity.js';
import { SecretKeyring } from './secret-keyring.js';
import { type SecretMetadata, toSecretMetadata } from './secret-metadata.js';
import { noActiveSecret } from './secrets.exception.js';

/** The integration a secret belongs to: the id keys the rows, the slug names it in the audit trail. */
export interface SecretOwner {
  id: string;
  slug: string;
}

export interface VerificationKey extends SigningKey {
  state: SecretState;
}

/** A generated key pair's private half and its `kid`, for the JWK Set. */
export interface PublishedKeyPair {
  keyId: string;
  privateKey: KeyObject;
}

/** Called with the integration's id after any change to its secrets, on every instance. */
export type SecretChangeListener = (integrationId: string) => void;

/** The versions whose public keys verifiers must know: about to be used, in use, or recently used. */
const PUBLISHED_STATES: readonly SecretState[] = [SecretState.Pending, SecretState.Active, SecretState.Retired];

/**
 * What other modules read of vendor secrets: the active signing key (cached, kept fresh by the change
 * feed), every version for the inspector, metadata for the admin API, key pairs for the JWK Set. A lost
 * feed leaves signing keys unconfirmed for `signingKeyStaleWindowMs` only: a revocation this instance
 * cannot confirm stops its signing after that window. Changes are SecretRotationService's.
 */
@Injectable()
export class SecretsService {
  private readonly signingKeys: ReadThroughCache<string, SigningKey>;
  private readonly changeListeners: SecretChangeListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keyring: SecretKeyring,
    changeFeed: ChangeFeedService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    this.signingKeys = new ReadThroughCache('signing-keys', {
      ttlMs: cacheOptions.integrationTtlMs,
      maxEntries: 10_000,
      staleWindowMs: cacheOptions.signingKeyStaleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    changeFeed.subscribe('secret', (integrationId) => this.changed(integrationId), this.signingKeys);
  }

  /**
   * `listener(integrationId)` after each committed change to an integration's secrets (rotation,
   * activation, revocation), on every instance: vendor token caches use it. It may run twice for one
   * change on the changing instance: keep it idempotent.
   */
  onChanged(listener: SecretChangeListener): void {
    this.changeListeners.push(listener);
  }

  /** The active signing key of an integration; 503 problem when it has none, or when it cannot be opened here. */
  getSigningKey(integrationId: string, waitUntil?: number): SigningKey | Promise<SigningKey> {
    return this.signingKeys.get(integrationId, (id) => this.loadActiveKey(id), waitUntil);
  }

  /** Every stored version, newest first, for telling which one made a credential (the inspector). */
  async getVerificationKeys(integrationId: string): Promise<VerificationKey[]> {
    const rows = await this.versions(integrationId);
    return rows.map((row) => ({ ...this.keyring.signingKeyOf(row), state: row.state }));
  }

  async list(integrationId: string): Promise<SecretMetadata[]> {
    return (await this.versions(integrationId)).map(toSecretMetadata);
  }

  /** The pending, active and retired generated key pairs, newest first: what the integration's JWK Set publishes. */
  async publishedKeyPairs(integrationId: string): Promise<PublishedKeyPair[]> {
    const rows = await this.dataSource.getRepository(IntegrationSecretEntity).find({
      where: { integrationId, keyFormat: SecretKeyFormat.RsaPrivateKey, state: In([...PUBLISHED_STATES]) },
      order: { version: 'DESC' },
    });
    return rows.map((row) => ({ keyId: row.keyId!, privateKey: this.keyring.keyOf(row) }));
  }

  /** After a change to the integration's secrets: locally at once; other instances (and this one again) through the change feed. */
  changed(integrationId: string): void {
    this.signingKeys.invalidate(integrationId);
    for (const listener of this.changeListeners) listener(integrationId);
  }

  private versions(integrationId: string): Promise<IntegrationSecretEntity[]> {
    return this.dataSource.getRepository(IntegrationSecretEntity).find({ where: { integrationId }, order: { version: 'DESC' } });
  }

  private async loadActiveKey(integrationId: string): Promise<SigningKey> {
    const row = await this.dataSource.getRepository(IntegrationSecretEntity).findOneBy({ integrationId, state: SecretState.Active });
    if (!row) throw noActiveSecret('This integration has no active secret; an admin must add or activate one.');
    return this.keyring.signingKeyOf(row);
  }
}
