import { Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../vendors/vendor-strategy.js';
import { IntegrationSecretEntity, SecretKeyFormat } from './entities/integration-secret.entity.js';
import { type SealedSecret, SecretCipher } from './secret-cipher.js';
import { masterKeyUnavailable } from './secrets.exception.js';

/** Why a stored secret does not open: its master key id is not configured, or the key with that id is not the one that sealed it. */
export type UnopenableReason = 'master-key-not-configured' | 'master-key-does-not-open';

/** A version this instance cannot open: identifiers only, never material. */
export interface UnopenableSecret {
  integrationId: string;
  version: number;
  masterKeyId: string;
  reason: UnopenableReason;
}

/** What the keyring needs of a row to open it. */
export type SealedRow = Pick<IntegrationSecretEntity, 'integrationId' | 'version' | 'masterKeyId' | 'ciphertext'>;

/**
 * Seals and opens secret rows with the master keys, and remembers which rows it could not open (checked
 * on every open, and by MasterKeyStatusService at start), so readiness and the admin API can name them.
 */
@Injectable()
export class SecretKeyring {
  private readonly logger = new Logger('SecretKeyring');
  private readonly unopenable = new Map<string, UnopenableSecret>();

  constructor(private readonly cipher: SecretCipher) {}

  get currentKeyId(): string {
    return this.cipher.currentKeyId;
  }

  seal(integrationId: string, version: number, plaintext: Buffer): SealedSecret {
    return this.cipher.seal(plaintext, associatedData(integrationId, version));
  }

  /** The row's plaintext sealed again under the newest master key. */
  reseal(row: SealedRow): SealedSecret {
    return this.seal(row.integrationId, row.version, this.plaintextOf(row));
  }

  /** The row's key, ready to sign with. */
  keyOf(row: SealedRow & Pick<IntegrationSecretEntity, 'keyFormat'>): KeyObject {
    const plaintext = this.plaintextOf(row);
    return row.keyFormat === SecretKeyFormat.RsaPrivateKey
      ? createPrivateKey({ key: plaintext, format: 'der', type: 'pkcs8' })
      : createSecretKey(plaintext);
  }

  signingKeyOf(row: IntegrationSecretEntity): SigningKey {
    const key = this.keyOf(row);
    return row.keyId === null ? { version: row.version, fingerprint: row.fingerprint, key } : { version: row.version, fingerprint: row.fingerprint, key, keyId: row.keyId };
  }

  /** Opens the row to see whether it can be (the plaintext is dropped at once); records the answer. */
  check(row: SealedRow): UnopenableReason | null {
    try {
      this.plaintextOf(row);
      return null;
    } catch (error) {
      const recorded = this.unopenable.get(rowKey(row));
      if (recorded) return recorded.reason;
      throw error;
    }
  }

  unopenableSecrets(): UnopenableSecret[] {
    return [...this.unopenable.values()];
  }

  /** The integration is gone: its rows went with it. */
  forgetIntegration(integrationId: string): void {
    for (const [key, secret] of this.unopenable) if (secret.integrationId === integrationId) this.unopenable.delete(key);
  }

  private plaintextOf(row: SealedRow): Buffer {
    if (!this.cipher.hasKey(row.masterKeyId)) return this.fail(row, 'master-key-not-configured');
    let plaintext: Buffer;
    try {
      plaintext = this.cipher.open(row, associatedData(row.integrationId, row.version));
    } catch {
      // AES-GCM refuses a wrong key and a tampered ciphertext alike; either way this key does not open the row.
      return this.fail(row, 'master-key-does-not-open');
    }
    this.unopenable.delete(rowKey(row));
    return plaintext;
  }

  private fail(row: SealedRow, reason: UnopenableReason): never {
    const key = rowKey(row);
    if (this.unopenable.get(key)?.reason !== reason) {
      this.logger.error(`Secret version ${row.version} of integration ${row.integrationId} cannot be opened: ${unopenableBecause(reason, row.masterKeyId)}.`);
    }
    this.unopenable.set(key, { integrationId: row.integrationId, version: row.version, masterKeyId: row.masterKeyId, reason });
    throw masterKeyUnavailable();
  }
}

/** Binds a ciphertext to its row, so a ciphertext copied to another row does not open. */
function associatedData(integrationId: string, version: number): string {
  return `integration_secret:${integrationId}:${version}`;
}

function rowKey(row: SealedRow): string {
  return `${row.integrationId}:${row.version}`;
}

function unopenableBecause(reason: UnopenableReason, masterKeyId: string): string {
  return reason === 'master-key-not-configured'
    ? `it is sealed under master key "${masterKeyId}", which is not configured (add it to the master keys)`
    : `the configured master key "${masterKeyId}" does not open it (the key bytes differ from the ones that sealed it)`;
}
