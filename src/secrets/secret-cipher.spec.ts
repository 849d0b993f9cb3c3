import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { SecretCipher } from './secret-cipher.js';

const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };

describe('SecretCipher', () => {
  it('round-trips under the newest key and never stores the plaintext', () => {
    const cipher = new SecretCipher([keyB, keyA]);
    const sealed = cipher.seal(Buffer.from('vendor-secret-value-123'), 'row-1');
    expect(sealed.masterKeyId).toBe('b');
    expect(sealed.ciphertext.includes(Buffer.from('vendor-secret-value-123'))).toBe(false);
    expect(cipher.open(sealed, 'row-1').toString()).toBe('vendor-secret-value-123');
  });

  it('opens secrets sealed under an older key after the key list grows', () => {
    const sealed = new SecretCipher([keyA]).seal(Buffer.from('old-secret-value-1'), 'row');
    expect(new SecretCipher([keyB, keyA]).open(sealed, 'row').toString()).toBe('old-secret-value-1');
  });

  it('refuses a ciphertext moved to another row or tampered with', () => {
    const cipher = new SecretCipher([keyA]);
    const sealed = cipher.seal(Buffer.from('vendor-secret-value-123'), 'row-1');
    expect(() => cipher.open(sealed, 'row-2')).toThrow();
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[tampered.length - 1] ^= 1;
    expect(() => cipher.open({ ...sealed, ciphertext: tampered }, 'row-1')).toThrow();
  });

  it('rejects keys of the wrong size and says which key, not its value', () => {
    expect(() => new SecretCipher([{ id: 'short', key: randomBytes(16) }])).toThrow('Master key "short" must be exactly 32 bytes');
  });
});
