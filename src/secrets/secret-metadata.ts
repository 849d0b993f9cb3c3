import { IntegrationSecretEntity, SecretState } from './entities/integration-secret.entity.js';

/** What the admin API may show about a secret version: everything but the secret. */
export interface SecretMetadata {
  version: number;
  state: SecretState;
  fingerprint: string;
  masterKeyId: string;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  revokedAt: Date | null;
}

export function toSecretMetadata(row: IntegrationSecretEntity): SecretMetadata {
  return {
    version: row.version,
    state: row.state,
    fingerprint: row.fingerprint,
    masterKeyId: row.masterKeyId,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
    revokedAt: row.revokedAt,
  };
}
