import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calculateJwkThumbprint } from 'jose';
import { createHash, createPrivateKey, createPublicKey, createSecretKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { DataSource, EntityManager, In, Not, QueryFailedError } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import type { JsonObject } from '../common/json.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import type { SigningKey } from '../vendors/vendor-strategy.js';
import { IntegrationSecretEntity, SecretKeyFormat, SecretState } from './entities/integration-secret.entity.js';
import { SecretCipher } from './secret-cipher.js';
import { type SecretMetadata, toSecretMetadata } from './secret-metadata.js';
import { invalidSecret, keyIdTaken, noActiveSecret, SecretsException, SecretsExceptionCode } from './secrets.exception.js';

/** The integration a secret belongs to: the id keys the rows, the slug names it in the audit trail. */
export interface SecretOwner {
  id: string;
  slug: string;
}

export interface VerificationKey extends SigningKey {
  state: SecretState;
}

/** Called with the integration's id after any change to its secrets, on every instance. */
export type SecretChangeListener = (integrationId: string) => void;

/** What a new version holds: a secret the vendor issued (with its key id, if it has one), or a key pair we generate. */
export type NewSecretVersion = { source: 'vendor'; secret: unknown; keyId?: unknown } | { source: 'generated'; keyId?: unknown };

/** A new version's material, ready to seal: made before any transaction (key generation takes a while). */
export interface PreparedSecret {
  plaintext: Buffer;
  format: SecretKeyFormat;
  fingerprint: string;
  keyId: string | null;
}

/** A public key of our JWK Set (RFC 7517), for vendors that verify our RS256 tokens. */
export interface PublicJwk {
  kid: string;
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

const generateRsaKeyPair = promisify(generateKeyPair);
/** RSA-2048: what the RS256 vendors accept, and ~1 ms a signature. */
const RSA_MODULUS_BITS = 2048;
/** Printable ASCII without spaces, as vendors' key ids are (Zendesk `app_...`). */
const KEY_ID = /^[\x21-\x7e]{1,255}$/;
/** The versions whose public keys verifiers must know: about to be used, in use, or recently used. */
const PUBLISHED_STATES: readonly SecretState[] = [SecretState.Pending, SecretState.Active, SecretState.Retired];

const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 4096;
/** `integration_secret.version` is a Postgres integer. */
const MAX_VERSION = 2_147_483_647;
/** Postgres: the integration a new version names does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Vendor secrets: stored encrypted, versioned, rotated atomically. Other modules get signing material
 * only as cached KeyObjects; every change is audited in its own transaction and announced to every
 * instance through the change feed.
 */
@Injectable()
export class SecretsService {
  private readonly signingKeys: ReadThroughCache<string, SigningKey>;
  private readonly changeListeners: SecretChangeListener[] = [];

  private readonly publicKeys: ReadThroughCache<string, PublicJwk[]>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
    private readonly audit: AuditService,
    private readonly changeFeed: ChangeFeedService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    this.signingKeys = new ReadThroughCache('signing-keys', {
      ttlMs: cacheOptions.integrationTtlMs,
      maxEntries: 10_000,
      staleWindowMs: cacheOptions.staleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    this.publicKeys = new ReadThroughCache('public-keys', {
      ttlMs: cacheOptions.integrationTtlMs,
      maxEntries: 10_000,
      staleWindowMs: cacheOptions.staleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    this.changeFeed.subscribe('secret', (integrationId) => this.changed(integrationId), this.signingKeys);
    // A follower of its own, so that a lost feed makes the key set resynchronise too.
    this.changeFeed.subscribe('secret', (integrationId) => this.publicKeys.invalidate(integrationId), this.publicKeys);
  }

  /**
   * `listener(integrationId)` after each committed change to an integration's secrets (rotation,
   * activation, revocation), on every instance: vendor token caches use it. It may run twice for one
   * change on the changing instance: keep it idempotent.
   */
  onChanged(listener: SecretChangeListener): void {
    this.changeListeners.push(listener);
  }

  /** The active signing key of an integration; 503 problem when it has none. */
  getSigningKey(integrationId: string, waitUntil?: number): SigningKey | Promise<SigningKey> {
    return this.signingKeys.get(integrationId, (id) => this.loadActiveKey(id), waitUntil);
  }

  /** The public keys of the pending, active and retired generated key pairs, newest first: the integration's JWK Set. */
  getPublicKeys(integrationId: string): PublicJwk[] | Promise<PublicJwk[]> {
    return this.publicKeys.get(integrationId, (id) => this.loadPublicKeys(id));
  }

  /** Validates and makes a new version's material; generating a key pair runs off the event loop. */
  async prepare(version: NewSecretVersion): Promise<PreparedSecret> {
    const keyId = acceptableKeyId(version.keyId);
    if (version.source === 'vendor') {
      const secret = assertAcceptableSecret(version.secret);
      return { plaintext: Buffer.from(secret, 'utf8'), format: SecretKeyFormat.Secret, fingerprint: fingerprintOf(secret), keyId };
    }
    const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: RSA_MODULUS_BITS });
    const { kty, n, e } = publicKey.export({ format: 'jwk' });
    return {
      plaintext: privateKey.export({ format: 'der', type: 'pkcs8' }),
      format: SecretKeyFormat.RsaPrivateKey,
      fingerprint: fingerprintOf(publicKey.export({ format: 'der', type: 'spki' })),
      // RFC 7638: a kid derived from the key itself, unless the admin names it.
      keyId: keyId ?? (await calculateJwkThumbprint({ kty, n, e })),
    };
  }

  /** Every stored version, newest first, for telling which one made a credential (the inspector). */
  async getVerificationKeys(integrationId: string): Promise<VerificationKey[]> {
    const rows = await this.dataSource.getRepository(IntegrationSecretEntity).find({
      where: { integrationId },
      order: { version: 'DESC' },
    });
    return rows.map((row) => ({ ...this.toSigningKey(row), state: row.state }));
  }

  async list(integrationId: string): Promise<SecretMetadata[]> {
    const rows = await this.dataSource.getRepository(IntegrationSecretEntity).find({
      where: { integrationId },
      order: { version: 'DESC' },
    });
    return rows.map(toSecretMetadata);
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
    const sealed = this.cipher.seal(prepared.plaintext, associatedData(owner.id, next));
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
    this.changed(owner.id);
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

  /** Re-encrypts every secret not yet under the newest master key; plaintext never leaves this process. */
  async rewrapAll(context: AuditContext): Promise<{ masterKeyId: string; rewrapped: number }> {
    const target = this.cipher.currentKeyId;
    const rewrapped = await this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(IntegrationSecretEntity, {
        where: { masterKeyId: Not(target) },
        lock: { mode: 'pessimistic_write' },
      });
      for (const row of rows) {
        const aad = associatedData(row.integrationId, row.version);
        const sealed = this.cipher.seal(this.cipher.open(row, aad), aad);
        await manager.update(
          IntegrationSecretEntity,
          { integrationId: row.integrationId, version: row.version },
          { ciphertext: sealed.ciphertext, masterKeyId: sealed.masterKeyId },
        );
      }
      await this.audit.record(manager, context, {
        action: 'master-key.rotated',
        target: `master-key:${target}`,
        details: { rewrapped: rows.length },
      });
      return rows.length;
    });
    return { masterKeyId: target, rewrapped };
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
    this.changed(owner.id);
    return metadata;
  }

  private async assertKeyIdFree(manager: EntityManager, owner: SecretOwner, keyId: string): Promise<void> {
    const taken = await manager.findOneBy(IntegrationSecretEntity, { integrationId: owner.id, keyId });
    if (taken) throw keyIdTaken(`Integration "${owner.slug}" already has a version with key id "${keyId}" (version ${taken.version}); each key has its own id.`);
  }

  private async loadPublicKeys(integrationId: string): Promise<PublicJwk[]> {
    const rows = await this.dataSource.getRepository(IntegrationSecretEntity).find({
      where: { integrationId, keyFormat: SecretKeyFormat.RsaPrivateKey, state: In([...PUBLISHED_STATES]) },
      order: { version: 'DESC' },
    });
    return rows.map((row) => {
      const { n, e } = createPublicKey(this.keyOf(row)).export({ format: 'jwk' });
      return { kid: row.keyId!, kty: 'RSA', alg: 'RS256', use: 'sig', n: n!, e: e! };
    });
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

  /** Locally at once; other instances (and this one again) through the change feed. */
  private changed(integrationId: string): void {
    this.signingKeys.invalidate(integrationId);
    this.publicKeys.invalidate(integrationId);
    for (const listener of this.changeListeners) listener(integrationId);
  }

  private async announce(manager: EntityManager, integrationId: string): Promise<void> {
    await this.changeFeed.publish(manager, 'secret', integrationId);
  }

  private async loadActiveKey(integrationId: string): Promise<SigningKey> {
    const row = await this.dataSource
      .getRepository(IntegrationSecretEntity)
      .findOneBy({ integrationId, state: SecretState.Active });
    if (!row) {
      throw noActiveSecret('This integration has no active secret; an admin must add or activate one.');
    }
    return this.toSigningKey(row);
  }

  private toSigningKey(row: IntegrationSecretEntity): SigningKey {
    const key = this.keyOf(row);
    return row.keyId === null ? { version: row.version, fingerprint: row.fingerprint, key } : { version: row.version, fingerprint: row.fingerprint, key, keyId: row.keyId };
  }

  private keyOf(row: IntegrationSecretEntity): KeyObject {
    const plaintext = this.cipher.open(row, associatedData(row.integrationId, row.version));
    return row.keyFormat === SecretKeyFormat.RsaPrivateKey
      ? createPrivateKey({ key: plaintext, format: 'der', type: 'pkcs8' })
      : createSecretKey(plaintext);
  }
}

function isStorableVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= MAX_VERSION;
}

function associatedData(integrationId: string, version: number): string {
  return `integration_secret:${integrationId}:${version}`;
}

/** A short, non-reversible name for a secret, so admins can tell versions apart without seeing them. */
function fingerprintOf(secret: string | Buffer): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

function acceptableKeyId(keyId: unknown): string | null {
  if (keyId === undefined || keyId === null) return null;
  if (typeof keyId === 'string' && KEY_ID.test(keyId)) return keyId;
  const message = 'keyId must be the vendor\'s key id: 1 to 255 printable characters, no spaces';
  throw invalidSecret(message, { errors: [{ field: 'keyId', message }] });
}

function assertAcceptableSecret(secret: unknown): string {
  const fail = (message: string): never => {
    throw invalidSecret(message, { errors: [{ field: 'secret', message }] });
  };
  if (typeof secret !== 'string' || secret.length === 0) return fail('secret is required');
  if (secret.length < MIN_SECRET_LENGTH) return fail(`secret must be at least ${MIN_SECRET_LENGTH} characters`);
  if (secret.length > MAX_SECRET_LENGTH) return fail(`secret must be at most ${MAX_SECRET_LENGTH} characters`);
  if (secret.trim() !== secret) return fail('secret must not start or end with white space');
  return secret;
}
