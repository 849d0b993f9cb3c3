import { describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { SecretKeyFormat } from './entities/integration-secret.entity.js';
import { SecretCipher } from './secret-cipher.js';
import { SecretKeyring } from './secret-keyring.js';
import { SecretsExceptionCode } from './secrets.exception.js';

const keyOf = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretKeyring', () => {
  const k1 = keyOf('k1');
  const integrationId = randomUUID();
  const sealedRow = (keyring: SecretKeyring, version: number) => ({
    integrationId,
    version,
    keyFormat: SecretKeyFormat.Secret,
    ...keyring.seal(integrationId, version, Buffer.from('vendor-secret-value-1')),
  });

  it('opens what it sealed, and records nothing', () => {
    const keyring = new SecretKeyring(new SecretCipher([k1]));
    const row = sealedRow(keyring, 1);
    expect(keyring.keyOf(row).export().toString()).toBe('vendor-secret-value-1');
    expect(keyring.unopenableSecrets()).toEqual([]);
  });

  it('names a key id that is not configured and one whose bytes differ, with a 503 code, never the material', () => {
    const row = sealedRow(new SecretKeyring(new SecretCipher([k1])), 1);
    const withoutK1 = new SecretKeyring(new SecretCipher([keyOf('k2')]));
    const otherBytes = new SecretKeyring(new SecretCipher([keyOf('k1')]));
    for (const keyring of [withoutK1, otherBytes]) {
      expect(() => keyring.keyOf(row)).toThrow(expect.objectContaining({ code: SecretsExceptionCode.MasterKeyUnavailable }));
    }
    expect(withoutK1.unopenableSecrets()).toEqual([{ integrationId, version: 1, masterKeyId: 'k1', reason: 'master-key-not-configured' }]);
    expect(otherBytes.check(row)).toBe('master-key-does-not-open');
    expect(JSON.stringify(otherBytes.unopenableSecrets())).not.toContain(k1.key.toString('base64'));
  });

  it('forgets a failure once the row opens again (re-wrapped under a key it has)', () => {
    const old = new SecretKeyring(new SecretCipher([k1]));
    const row = sealedRow(old, 2);
    const k2 = keyOf('k2');
    const current = new SecretKeyring(new SecretCipher([k2, k1]));
    const stale = new SecretKeyring(new SecretCipher([k2]));
    expect(stale.check(row)).toBe('master-key-not-configured');
    const rewrapped = { ...row, ...current.reseal(row) };
    expect(stale.check(rewrapped)).toBeNull();
    expect(stale.unopenableSecrets()).toEqual([]);
  });
});
