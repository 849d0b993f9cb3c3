import { ChatIdentityException, type ChatIdentityErrorDetails } from '../common/chat-identity.error.js';

export enum SecretsExceptionCode {
  /** The integration has no active version to sign with. */
  NoActiveSecret = 'no_active_secret',
  /** The integration the secret was for is gone (deleted meanwhile). */
  IntegrationNotFound = 'secret_integration_not_found',
  VersionNotFound = 'secret_version_not_found',
  /** A revoked version never comes back. */
  VersionRevoked = 'secret_version_revoked',
  /** Revoking the only active version would leave nothing to sign with (unless forced). */
  OnlyActiveVersion = 'secret_only_active_version',
  /** The secret value itself is unusable (empty, too long, not a string). */
  InvalidSecret = 'invalid_secret',
  /** Another version of the integration already carries this key id. */
  KeyIdTaken = 'secret_key_id_taken',
  /** The secret is sealed under a master key this instance lacks, or one that does not open it (same id, other bytes). */
  MasterKeyUnavailable = 'master_key_unavailable',
}

const STATUS: Record<SecretsExceptionCode, number> = {
  [SecretsExceptionCode.NoActiveSecret]: 503,
  [SecretsExceptionCode.IntegrationNotFound]: 404,
  [SecretsExceptionCode.VersionNotFound]: 404,
  [SecretsExceptionCode.VersionRevoked]: 409,
  [SecretsExceptionCode.OnlyActiveVersion]: 409,
  [SecretsExceptionCode.KeyIdTaken]: 409,
  [SecretsExceptionCode.InvalidSecret]: 400,
  [SecretsExceptionCode.MasterKeyUnavailable]: 503,
};

/** What went wrong with an integration's secrets. */
export class SecretsException extends ChatIdentityException<SecretsExceptionCode> {
  get status(): number {
    return STATUS[this.code];
  }
}

export const noActiveSecret = (message: string): SecretsException =>
  new SecretsException(SecretsExceptionCode.NoActiveSecret, message, { retryAfterSeconds: 60 });

export const invalidSecret = (message: string, details?: ChatIdentityErrorDetails): SecretsException =>
  new SecretsException(SecretsExceptionCode.InvalidSecret, message, details);

export const keyIdTaken = (message: string): SecretsException => new SecretsException(SecretsExceptionCode.KeyIdTaken, message);

/** How long a caller is told to wait while an operator corrects the master keys. */
const MASTER_KEY_RETRY_AFTER_SECONDS = 60;

/** The caller learns that the secret cannot be opened here; key ids are for the operator (readiness, admin API, log). */
export const masterKeyUnavailable = (): SecretsException =>
  new SecretsException(
    SecretsExceptionCode.MasterKeyUnavailable,
    "This integration's secret cannot be opened with this instance's master keys; an operator must correct MASTER_KEYS (see /health/ready).",
    { retryAfterSeconds: MASTER_KEY_RETRY_AFTER_SECONDS },
  );
