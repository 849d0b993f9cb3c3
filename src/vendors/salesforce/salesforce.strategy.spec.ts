import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeToken, identityClaims, settingsProblemsOf, USER_ID } from '../../../test/support/vendor-spec-kit.js';
import { Rs256TokenSigner } from '../rs256-token-signer.js';
import type { IntegrationRef, SigningKey } from '../vendor-strategy.js';
import type { SalesforceSettings } from './salesforce.settings.js';
import { SalesforceStrategy } from './salesforce.strategy.js';

const strategy = new SalesforceStrategy(new Rs256TokenSigner(new JwtService()));
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaKey: SigningKey = { version: 1, fingerprint: 'x', key: privateKey, keyId: 'kid-1' };
const integration = (extra: Record<string, unknown> = {}): IntegrationRef<SalesforceSettings> => ({
  id: 'i-1',
  slug: 'salesforce-messaging',
  vendor: 'salesforce',
  settings: strategy.parseSettings({ issuer: 'https://app.example.com', ...extra }),
});

describe('SalesforceStrategy', () => {
  it('requires the keyset issuer and takes no claims', () => {
    expect(new Set(settingsProblemsOf(strategy, {}).fields)).toEqual(new Set(['settings.issuer']));
    expect(settingsProblemsOf(strategy, { issuer: 'x', claims: {} }).fields).toEqual(['settings.claims']);
  });

  it('signs RS256 with the private key, kid in the header: iss, sub, iat, exp, verifiable with the public key', async () => {
    const claims = identityClaims();
    const { handoff, expiresAt } = await strategy.issue({ integration: integration(), claims, signingKey: rsaKey });
    const { setIdentityToken } = handoff as { setIdentityToken: { identityTokenType: string; identityToken: string } };
    expect(setIdentityToken.identityTokenType).toBe('JWT');
    expect(decodeProtectedHeader(setIdentityToken.identityToken)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    const { payload } = await jwtVerify(setIdentityToken.identityToken, createPublicKey(privateKey), { algorithms: ['RS256'], issuer: 'https://app.example.com' });
    expect(payload).toEqual({ iss: 'https://app.example.com', sub: USER_ID, iat: claims.issuedAt, exp: claims.issuedAt + 3600 });
    expect(expiresAt?.getTime()).toBe((claims.issuedAt + 3600) * 1000);
  });

  it('finds nothing wrong with its own token, and flags HS256, another issuer and a missing sub', async () => {
    const { handoff } = await strategy.issue({ integration: integration(), claims: identityClaims(), signingKey: rsaKey });
    const token = decodeToken((handoff as { setIdentityToken: { identityToken: string } }).setIdentityToken.identityToken);
    expect(strategy.inspect(token, integration()).filter((finding) => !finding.ok)).toEqual([]);
    const broken = { ...token, header: { ...token.header, alg: 'HS256' }, claims: { ...token.claims, iss: 'https://other.example', sub: '' } };
    const failed = strategy.inspect(broken, integration()).filter((finding) => !finding.ok);
    expect(failed.map((finding) => finding.rule)).toEqual(['salesforce.alg.rs256', 'salesforce.iss.keyset-issuer', 'salesforce.sub.present']);
    expect(failed[0].message).toMatch(/^alg is HS256: Salesforce verifies an RS256 signature made with our private key/);
  });
});
