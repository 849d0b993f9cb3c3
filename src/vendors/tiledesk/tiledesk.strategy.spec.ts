import { beforeAll, describe, expect, it } from '@jest/globals';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { ChatIdentityException } from '../../common/chat-identity.error.js';
import { VendorsException } from '../vendors.exception.js';
import {
  decodeToken,
  identityClaims,
  nowSeconds,
  secretBytes,
  settingsProblemsOf,
  signingKey,
  USER_ID,
  withoutClaim,
} from '../../../test/support/vendor-spec-kit.js';
import { TokenSigner } from '../token-signer.js';
import type { DecodedToken, IdentityClaims, IntegrationRef, IssuedIdentity } from '../vendor-strategy.js';
import { TiledeskSettings } from './tiledesk.settings.js';
import { TiledeskStrategy } from './tiledesk.strategy.js';

const PROJECT_ID = '65a1f0c2e4b0a1b2c3d4e5f6';

const strategy = new TiledeskStrategy(new TokenSigner());

interface TiledeskHandoff {
  tiledeskSettings: { projectid: string; autoStart: boolean };
  signInWithCustomToken: string;
}

const subject = (overrides: Partial<IdentityClaims> = {}): IdentityClaims => identityClaims({ name: 'Ada King Lovelace', ...overrides });

function integrationWith(settings: TiledeskSettings): IntegrationRef<TiledeskSettings> {
  return { id: 'i-3', slug: 'tiledesk-chat', vendor: 'tiledesk', settings };
}

function integration(extra: Record<string, unknown> = {}): IntegrationRef<TiledeskSettings> {
  return integrationWith(strategy.parseSettings({ projectId: PROJECT_ID, ...extra }));
}

const settingsProblems = (raw: unknown): { code: string; fields: string[] } => settingsProblemsOf(strategy, raw);

async function issueVerified(
  ref = integration(),
  claims = subject(),
): Promise<{ issued: IssuedIdentity; handoff: TiledeskHandoff; token: string; payload: JWTPayload; alg: string | undefined }> {
  const issued = await strategy.issue({ integration: ref, claims, signingKey });
  const handoff = issued.handoff as unknown as TiledeskHandoff;
  const token = handoff.signInWithCustomToken.slice('JWT '.length);
  const { payload } = await jwtVerify(token, secretBytes, { algorithms: ['HS256'] });
  return { issued, handoff, token, payload, alg: decodeProtectedHeader(token).alg };
}

const decode = decodeToken;


describe('TiledeskStrategy', () => {
  describe('parseSettings', () => {
    it('applies the documented defaults', () => {
      const settings = strategy.parseSettings({ projectId: PROJECT_ID });
      expect(settings).toBeInstanceOf(TiledeskSettings);
      expect({ ...settings }).toEqual({ projectId: PROJECT_ID, tokenTtlSeconds: 3600, claims: {} });
    });

    it('names the missing projectId', () => {
      expect(settingsProblems({})).toEqual({ code: 'validation_failed', fields: expect.arrayContaining(['settings.projectId']) });
    });

    it('rejects unknown keys', () => {
      expect(settingsProblems({ projectId: PROJECT_ID, sharedSecret: 'leak' }).fields).toEqual(['settings.sharedSecret']);
    });

    it.each(['', 'a/b', 'proj_1', '../x', 'x'.repeat(65), 'a b'])('rejects the unsafe projectId %p', (projectId) => {
      expect(settingsProblems({ projectId }).fields).toContain('settings.projectId');
    });

    it.each([0, 59, 86_401, 60.5])('rejects tokenTtlSeconds %p', (tokenTtlSeconds) => {
      expect(settingsProblems({ projectId: PROJECT_ID, tokenTtlSeconds }).fields).toEqual(['settings.tokenTtlSeconds']);
    });

    it.each(['role', '_id', 'aud', 'iss', 'sub', 'exp', 'iat', 'nbf', 'jti', 'email', 'firstname', 'lastname', 'attributes', 'Role'])(
      'rejects a mapping of the reserved claim %s',
      (claim) => {
        expect(settingsProblems({ projectId: PROJECT_ID, claims: { [claim]: 'name' } }).fields).toEqual([`settings.claims.${claim}`]);
      },
    );
  });

  describe('issue', () => {
    it('signs an HS256 token with _id, sub, aud, email, split name, iat and a 1 h exp by default', async () => {
      const claims = subject();
      const { issued, payload, alg } = await issueVerified(integration(), claims);
      expect(alg).toBe('HS256');
      expect(payload).toEqual({
        _id: `${PROJECT_ID}_${USER_ID}`,
        sub: 'userexternal',
        aud: `https://tiledesk.com/projects/${PROJECT_ID}`,
        email: 'ada@example.com',
        firstname: 'Ada',
        lastname: 'King Lovelace',
        iat: claims.issuedAt,
        exp: claims.issuedAt + 3600,
      });
      expect(issued.expiresAt?.getTime()).toBe((claims.issuedAt + 3600) * 1000);
    });

    it('hands off tiledeskSettings and the "JWT "-prefixed token', async () => {
      const { handoff, token } = await issueVerified();
      expect(handoff).toEqual({ tiledeskSettings: { projectid: PROJECT_ID, autoStart: false }, signInWithCustomToken: `JWT ${token}` });
      expect(handoff.signInWithCustomToken.startsWith('JWT ')).toBe(true);
    });

    it.each([
      ['Ada', { firstname: 'Ada' }],
      ['  Ada   Lovelace ', { firstname: 'Ada', lastname: 'Lovelace' }],
      ['   ', {}],
      [undefined, {}],
    ])('splits the name %p into firstname/lastname, leaving out the parts it lacks', async (name, expected) => {
      const { payload } = await issueVerified(integration(), subject({ name }));
      const nameClaims = Object.fromEntries(Object.entries(payload).filter(([claim]) => claim === 'firstname' || claim === 'lastname'));
      expect(nameClaims).toStrictEqual(expected);
    });

    it('leaves attributes out of the token when no custom value is mapped', async () => {
      const { payload } = await issueVerified(integration(), subject());
      expect(Object.keys(payload)).not.toContain('attributes');
    });

    it('puts mapped custom values under attributes, never at the top level', async () => {
      const claims = subject();
      const { payload } = await issueVerified(integration({ claims: { plan: 'attributes.plan', externalId: 'externalId', tier: 'attributes.none' }, tokenTtlSeconds: 600 }), claims);
      expect(payload.attributes).toEqual({ plan: 'gold', externalId: 'ext-42' });
      expect(payload).not.toHaveProperty('plan');
      expect(payload.exp).toBe(claims.issuedAt + 600);
    });

    it.each([undefined, ''])('refuses a user without an email (%p) with a 422 naming the rule', async (email) => {
      const issuing = strategy.issue({ integration: integration(), claims: subject({ email }), signingKey });
      await expect(issuing).rejects.toBeInstanceOf(VendorsException);
      await expect(issuing).rejects.toMatchObject({ code: 'vendor_rule_violated', message: expect.stringMatching(/^Tiledesk requires an email/) });
    });

    it.each(['role', '_id', 'aud', 'iss', 'exp', 'email', 'attributes'])('refuses a reserved %s mapping that bypassed settings validation', async (claim) => {
      const settings = Object.assign(new TiledeskSettings(), { projectId: PROJECT_ID, claims: { [claim]: 'name' } });
      await expect(strategy.issue({ integration: integrationWith(settings), claims: subject(), signingKey })).rejects.toMatchObject({
        code: 'validation_failed',
        message: expect.stringContaining(claim),
      });
    });

    it('throws a plain error without a signing key', async () => {
      const issuing = strategy.issue({ integration: integration(), claims: subject() });
      await expect(issuing).rejects.toThrow(/signing key/);
      await expect(issuing).rejects.not.toBeInstanceOf(ChatIdentityException);
    });
  });

  describe('inspect', () => {
    const rules = [
      'tiledesk.alg.hs256',
      'tiledesk.exp.present',
      'tiledesk.exp.not-expired',
      'tiledesk.raw.jwt-prefix',
      'tiledesk._id.project-prefix',
      'tiledesk.sub.userexternal',
      'tiledesk.aud.project-url',
      'tiledesk.email.present',
      'tiledesk.role.absent',
      'tiledesk.attributes.object',
    ];
    let good: DecodedToken;

    beforeAll(async () => {
      good = decode((await issueVerified(integration({ claims: { plan: 'attributes.plan' } }))).handoff.signInWithCustomToken);
    });

    it('finds every rule satisfied on a token this strategy issued', () => {
      const findings = strategy.inspect(good, integration());
      expect(findings.map((finding) => finding.rule)).toEqual(rules);
      expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    });

    const broken: [string, (token: DecodedToken) => DecodedToken, RegExp][] = [
      ['tiledesk.alg.hs256', (t) => ({ ...t, header: { ...t.header, alg: 'HS512' } }), /alg is HS512/],
      ['tiledesk.exp.present', (t) => ({ ...t, claims: withoutClaim(t.claims, 'exp') }), /exp is missing/],
      ['tiledesk.exp.not-expired', (t) => ({ ...t, claims: { ...t.claims, exp: nowSeconds() - 1 } }), /expired/],
      ['tiledesk.raw.jwt-prefix', (t) => ({ ...t, raw: t.raw.slice('JWT '.length) }), /does not start with "JWT "/],
      ['tiledesk.raw.jwt-prefix', (t) => ({ ...t, raw: `Bearer ${t.raw.slice('JWT '.length)}` }), /does not start with "JWT "/],
      ['tiledesk._id.project-prefix', (t) => ({ ...t, claims: withoutClaim(t.claims, '_id') }), /_id is missing.*rejects/],
      ['tiledesk._id.project-prefix', (t) => ({ ...t, claims: { ...t.claims, _id: `other_${USER_ID}` } }), new RegExp(`needs ${PROJECT_ID}_<user id>`)],
      ['tiledesk._id.project-prefix', (t) => ({ ...t, claims: { ...t.claims, _id: USER_ID } }), /_id is "/],
      ['tiledesk._id.project-prefix', (t) => ({ ...t, claims: { ...t.claims, _id: `${PROJECT_ID}_` } }), /_id is "/],
      ['tiledesk.sub.userexternal', (t) => ({ ...t, claims: { ...t.claims, sub: USER_ID } }), /needs sub = "userexternal"/],
      ['tiledesk.aud.project-url', (t) => ({ ...t, claims: { ...t.claims, aud: 'https://tiledesk.com/projects/other' } }), /picks the verification secret/],
      ['tiledesk.aud.project-url', (t) => ({ ...t, claims: withoutClaim(t.claims, 'aud') }), /aud is missing/],
      ['tiledesk.email.present', (t) => ({ ...t, claims: withoutClaim(t.claims, 'email') }), /email is missing.*Tiledesk requires/],
      ['tiledesk.role.absent', (t) => ({ ...t, claims: { ...t.claims, role: 'owner' } }), /role claim.*remove it/],
      ['tiledesk.attributes.object', (t) => ({ ...t, claims: { ...t.claims, attributes: ['gold'] } }), /attributes is not an object/],
    ];

    it.each(broken)('flags %s on a token breaking it (%#)', (rule, breakIt, message) => {
      const findings = strategy.inspect(breakIt(good), integration());
      expect(findings.find((finding) => finding.rule === rule)).toMatchObject({ ok: false, message: expect.stringMatching(message) });
      expect(findings.map((finding) => finding.rule)).toEqual(rules);
    });
  });
});
