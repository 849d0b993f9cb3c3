import { describe, expect, it } from '@jest/globals';
import { createHmac, createSecretKey } from 'node:crypto';
import { HexHmacSigner } from './hex-hmac-signer.js';

const SECRET = 'a-hash-vendor-secret-0123456789';
const signer = new HexHmacSigner();
const key = { key: createSecretKey(Buffer.from(SECRET)) };
// Computed the way the vendors' docs show it (e.g. Help Scout: hash_hmac('sha256', $email, $secret)).
const expected = createHmac('sha256', SECRET).update('ada@example.com').digest('hex');

describe('HexHmacSigner', () => {
  it('signs the value as lower-case hex HMAC-SHA256 with the secret', () => {
    expect(signer.sign('ada@example.com', key)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs UTF-8 bytes', () => {
    expect(signer.sign('zoë@example.com', key)).toBe(createHmac('sha256', SECRET).update(Buffer.from('zoë@example.com', 'utf8')).digest('hex'));
  });

  it('recognizes its own signature, in either case, and nothing else', () => {
    expect(signer.matches(expected, 'ada@example.com', key)).toBe(true);
    expect(signer.matches(expected.toUpperCase(), 'ada@example.com', key)).toBe(true);
    expect(signer.matches(expected, 'eve@example.com', key)).toBe(false);
    expect(signer.matches(expected.slice(2), 'ada@example.com', key)).toBe(false);
    expect(signer.matches('not hex', 'ada@example.com', key)).toBe(false);
    expect(signer.matches(expected, 'ada@example.com', { key: createSecretKey(Buffer.from('another-secret-0123456789')) })).toBe(false);
  });

  it('refuses an asymmetric key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signer.sign('x', { key: privateKey })).toThrow(/symmetric/);
  });
});
