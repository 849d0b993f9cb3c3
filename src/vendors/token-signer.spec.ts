import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import jwt from 'jsonwebtoken';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { TokenSigner } from './token-signer.js';
import type { SigningKey } from './vendor-strategy.js';

const SECRET = 'a-vendor-secret-of-32-characters!';
const signingKey: SigningKey = { version: 1, fingerprint: 'x', key: createSecretKey(Buffer.from(SECRET)) };
const signer = new TokenSigner();
const claims = { iss: 'f1c2b3a4-0000-4000-8000-000000000001', aud: 'db79e775-81fd-4f2e-8741-9266e920cc32', sub: '', name: 'Zoë', iat: 1_700_000_000, exp: 1_700_018_000 };

describe('TokenSigner', () => {
  it('makes exactly the token jsonwebtoken makes for the same claims and key', () => {
    expect(signer.sign(claims, signingKey)).toBe(jwt.sign(claims, signingKey.key, { algorithm: 'HS256' }));
  });

  it('signs HS256 with the vendor secret, verifiable by an independent library', async () => {
    const token = signer.sign(claims, signingKey);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'], currentDate: new Date(1_700_000_001_000) });
    expect(payload).toEqual(claims);
  });

  it('names the key in the header as kid when it has a key id, as jsonwebtoken does', async () => {
    const withKeyId = { ...signingKey, keyId: 'app_64b1c2d3e4f5' };
    const token = signer.sign(claims, withKeyId);
    expect(token).toBe(jwt.sign(claims, signingKey.key, { algorithm: 'HS256', keyid: 'app_64b1c2d3e4f5' }));
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'app_64b1c2d3e4f5' });
    expect(decodeProtectedHeader(signer.sign(claims, { ...signingKey, keyId: 'app_other' })).kid).toBe('app_other');
    expect(decodeProtectedHeader(signer.sign(claims, signingKey))).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('adds iat when the claims have none, as jsonwebtoken did', () => {
    const before = Math.floor(Date.now() / 1000);
    const token = signer.sign({ sub: 'x' }, signingKey);
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; iat: number };
    expect(payload.sub).toBe('x');
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  it('refuses an asymmetric key: never anything but HS256', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signer.sign(claims, { ...signingKey, key: privateKey })).toThrow(/symmetric/);
  });
});
