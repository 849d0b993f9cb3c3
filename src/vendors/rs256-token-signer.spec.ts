import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { Rs256TokenSigner } from './rs256-token-signer.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = new Rs256TokenSigner(new JwtService());
const claims = { iss: 'https://app.example', sub: 'db79e775-81fd-4f2e-8741-9266e920cc32', iat: 1_700_000_000, exp: 1_700_003_600 };

describe('Rs256TokenSigner', () => {
  it('signs RS256 with the private key, kid in the header, verifiable with the public key by an independent library', async () => {
    const token = signer.sign(claims, { version: 1, fingerprint: 'x', key: privateKey, keyId: 'kid-1' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['RS256'], currentDate: new Date(1_700_000_001_000) });
    expect(payload).toEqual(claims);
  });

  it('refuses a symmetric key, an EC key and a key without a key id', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(() => signer.sign(claims, { version: 1, fingerprint: 'x', key: createSecretKey(Buffer.alloc(32)), keyId: 'k' })).toThrow(/RSA private key/);
    expect(() => signer.sign(claims, { version: 1, fingerprint: 'x', key: ec, keyId: 'k' })).toThrow(/RSA private key/);
    expect(() => signer.sign(claims, { version: 1, fingerprint: 'x', key: privateKey })).toThrow(/key id/);
  });
});
