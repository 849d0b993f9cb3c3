import { describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { decodeToken, identityClaims, secretBytes, settingsProblemsOf, signingKey, USER_ID } from '../../../test/support/vendor-spec-kit.js';
import { TokenSigner } from '../token-signer.js';
import type { IntegrationRef } from '../vendor-strategy.js';
import type { KustomerSettings } from './kustomer.settings.js';
import { KustomerStrategy } from './kustomer.strategy.js';

const strategy = new KustomerStrategy(new TokenSigner());
const integration = (extra: Record<string, unknown> = {}): IntegrationRef<KustomerSettings> => ({
  id: 'i-1',
  slug: 'kustomer-chat',
  vendor: 'kustomer',
  settings: strategy.parseSettings(extra),
});

describe('KustomerStrategy', () => {
  it('takes only identifier: no lifetime (Kustomer fixes it) and no claims', () => {
    expect({ ...strategy.parseSettings({}) }).toEqual({ identifier: 'userId' });
    expect(settingsProblemsOf(strategy, { tokenTtlSeconds: 600, claims: {} }).fields.sort()).toEqual(['settings.claims', 'settings.tokenTtlSeconds']);
  });

  it('signs externalId and iat only (never the email, which Kustomer would prefer), expiring 15 minutes after iat', async () => {
    const claims = identityClaims();
    const { handoff, expiresAt } = await strategy.issue({ integration: integration(), claims, signingKey });
    const { jwtToken } = (handoff as { login: { jwtToken: string } }).login;
    expect((await jwtVerify(jwtToken, secretBytes, { algorithms: ['HS256'] })).payload).toEqual({ externalId: USER_ID, iat: claims.issuedAt });
    expect(expiresAt?.getTime()).toBe((claims.issuedAt + 900) * 1000);
  });

  it('checks iat against the 15 minutes, and warns when a token carries both externalId and email', async () => {
    const claims = identityClaims();
    const { handoff } = await strategy.issue({ integration: integration({ identifier: 'externalId' }), claims, signingKey });
    const token = decodeToken((handoff as { login: { jwtToken: string } }).login.jwtToken);
    expect(token.claims.externalId).toBe('ext-42');
    expect(strategy.inspect(token, integration(), claims.issuedAt + 899).filter((finding) => !finding.ok)).toEqual([]);
    const late = strategy.inspect(token, integration(), claims.issuedAt + 900).find((finding) => finding.rule === 'kustomer.iat.within-15-min');
    expect(late).toMatchObject({ ok: false, message: expect.stringMatching(/^iat is 15 min old: Kustomer accepts a token only within 15 min/) });
    const both = strategy.inspect({ ...token, claims: { ...token.claims, email: 'ada@example.com' } }, integration(), claims.issuedAt);
    expect(both.find((finding) => finding.rule === 'kustomer.identity.external-id')).toMatchObject({ ok: false, message: expect.stringContaining('email') });
  });
});
