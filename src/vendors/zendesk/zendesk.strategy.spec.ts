import { describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { VendorsExceptionCode } from '../vendors.exception.js';
import { decodeToken, identityClaims, secretBytes, settingsProblemsOf, signingKey, USER_ID } from '../../../test/support/vendor-spec-kit.js';
import { TokenSigner } from '../token-signer.js';
import type { IntegrationRef } from '../vendor-strategy.js';
import type { ZendeskSettings } from './zendesk.settings.js';
import { ZendeskStrategy } from './zendesk.strategy.js';

const strategy = new ZendeskStrategy(new TokenSigner());
const keyed = { ...signingKey, keyId: 'app_64b1c2d3e4f5' };
const integration = (extra: Record<string, unknown> = {}): IntegrationRef<ZendeskSettings> => ({
  id: 'i-1',
  slug: 'zendesk-messaging',
  vendor: 'zendesk',
  settings: strategy.parseSettings(extra),
});
const issue = async (claims = identityClaims(), ref = integration()) => {
  const { handoff } = await strategy.issue({ integration: ref, claims, signingKey: keyed });
  const { jwt } = (handoff as { loginUser: { jwt: string } }).loginUser;
  return { jwt, payload: (await jwtVerify(jwt, secretBytes, { algorithms: ['HS256'] })).payload };
};

describe('ZendeskStrategy', () => {
  it('validates settings: no claims (Zendesk takes none), identifier, a 10 min default lifetime', () => {
    expect({ ...strategy.parseSettings({}) }).toEqual({ identifier: 'userId', tokenTtlSeconds: 600 });
    expect(settingsProblemsOf(strategy, { claims: { plan: 'attributes.plan' } }).fields).toEqual(['settings.claims']);
  });

  it("signs scope user, external_id, name, email, iat, exp with the key's secret, kid in the header", async () => {
    const claims = identityClaims();
    const { jwt, payload } = await issue(claims);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'app_64b1c2d3e4f5' });
    expect(payload).toEqual({ scope: 'user', external_id: USER_ID, name: 'Ada Lovelace', email: 'ada@example.com', iat: claims.issuedAt, exp: claims.issuedAt + 600 });
  });

  it('adds email_verified: true only for a verified email', async () => {
    expect((await issue(identityClaims({ emailVerified: true }))).payload.email_verified).toBe(true);
    expect((await issue(identityClaims({ emailVerified: false }))).payload).not.toHaveProperty('email_verified');
    expect((await issue(identityClaims({ emailVerified: true, email: undefined }))).payload).not.toHaveProperty('email_verified');
  });

  it('refuses an external_id over 255 characters and a key without its id, with vendor-rule errors', async () => {
    const long = strategy.issue({ integration: integration({ identifier: 'externalId' }), claims: identityClaims({ externalId: 'x'.repeat(256) }), signingKey: keyed });
    await expect(long).rejects.toMatchObject({ code: VendorsExceptionCode.RuleViolated, message: expect.stringContaining('255') });
    await expect(strategy.issue({ integration: integration(), claims: identityClaims(), signingKey })).rejects.toMatchObject({
      code: VendorsExceptionCode.RuleViolated,
      message: expect.stringContaining('no keyId'),
    });
  });

  it('finds nothing wrong with its own token, and flags a missing kid, another scope and a non-boolean email_verified', async () => {
    const token = decodeToken((await issue()).jwt);
    expect(strategy.inspect(token, integration()).filter((finding) => !finding.ok)).toEqual([]);
    const broken = { ...token, header: { alg: 'HS256' }, claims: { ...token.claims, scope: 'app', email_verified: 'yes' } };
    const failed = strategy.inspect(broken, integration()).filter((finding) => !finding.ok);
    expect(failed.map((finding) => finding.rule)).toEqual(['zendesk.kid.present', 'zendesk.scope.user', 'zendesk.email_verified.boolean']);
  });
});
