import { describe, expect, it } from '@jest/globals';
import { IntegrationSecretEntity, SecretKeyFormat, SecretState } from './entities/integration-secret.entity.js';
import { JWKS_MAX_AGE_SECONDS, VERIFIER_COOLDOWN_SECONDS } from './key-publication.js';
import { toSecretMetadata } from './secret-metadata.js';

const stagedAt = new Date('2026-11-22T10:00:00.000Z');
const version = (state: SecretState, keyFormat: SecretKeyFormat): IntegrationSecretEntity =>
  Object.assign(new IntegrationSecretEntity(), {
    version: 2,
    state,
    keyFormat,
    fingerprint: 'sha256:3f9a1c2b7d4e6f80',
    keyId: null,
    masterKeyId: 'k1',
    createdBy: 'admin-key:9c1d2e3f4a5b',
    createdAt: stagedAt,
    activatedAt: null,
    retiredAt: null,
    revokedAt: null,
    ciphertext: Buffer.from('sealed'),
  });

describe('toSecretMetadata: safeToActivateAt', () => {
  it("is a staged key pair's time plus the key set's max-age and the verifiers' cool-down (90 s)", () => {
    expect(JWKS_MAX_AGE_SECONDS + VERIFIER_COOLDOWN_SECONDS).toBe(90);
    expect(toSecretMetadata(version(SecretState.Pending, SecretKeyFormat.RsaPrivateKey)).safeToActivateAt).toEqual(new Date('2026-11-22T10:01:30.000Z'));
  });

  it('is the staging time for a secret the vendor issued (the vendor knows it already)', () => {
    expect(toSecretMetadata(version(SecretState.Pending, SecretKeyFormat.Secret)).safeToActivateAt).toEqual(stagedAt);
  });

  it.each([SecretState.Active, SecretState.Retired, SecretState.Revoked])('is null once the version is not pending (%s)', (state) => {
    expect(toSecretMetadata(version(state, SecretKeyFormat.RsaPrivateKey)).safeToActivateAt).toBeNull();
  });

  it('shows everything but the secret', () => {
    expect(Object.keys(toSecretMetadata(version(SecretState.Pending, SecretKeyFormat.Secret)))).not.toContain('ciphertext');
  });
});
