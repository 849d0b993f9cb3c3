import { IntegrationSecretEntity, SecretKeyFormat, SecretState } from './entities/integration-secret.entity.js';
import { publishedEverywhereAt } from './key-publication.js';

/** What the admin API may show about a secret version: everything but the secret. */
export interface SecretMetadata {
  version: number;
  state: SecretState;
  fingerprint: string;
  /** The vendor's name for the key (JWT header `kid`), when it has one. */
  keyId: string | null;
  masterKeyId: string;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  revokedAt: Date | null;
  /**
   * Pending versions: from when activating it fails no login. A key pair we publish waits out the
   * key set's caching (key-publication.ts); a secret the vendor issued is known to the vendor already.
   */
  safeToActivateAt: Date | null;
}

export function toSecretMetadata(row: IntegrationSecretEntity): SecretMetadata {
  return {
    version: row.version,
    state: row.state,
    fingerprint: row.fingerprint,
    keyId: row.keyId,
    masterKeyId: row.masterKeyId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
    revokedAt: row.revokedAt,
    safeToActivateAt: safeToActivateAt(row),
  };
}

function safeToActivateAt(row: IntegrationSecretEntity): Date | null {
  if (row.state !== SecretState.Pending) return null;
  return row.keyFormat === SecretKeyFormat.RsaPrivateKey ? publishedEverywhereAt(row.createdAt) : row.createdAt;
}
