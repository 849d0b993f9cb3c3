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
import type { DecodedToken, IntegrationRef, IssuedIdentity } from '../vendor-strategy.js';
import { GlassixSettings } from './glassix.settings.js';
import { GlassixStrategy } from './glassix.strategy.js';

const API_KEY = '6F1C2B3A-4D5E-4F60-8172-93A4B5C6D7E8';
const VENDOR_EXAMPLE_AUD = 'db79e775-84f2e-8741-9266e920cc32';

const strategy = new GlassixStrategy(new TokenSigner());

interface GlassixHandoff {
  widgetOptions: { apiKey: string; snippetId: string; uniqueIdentifier: string; identityToken: string };
}

const subject = identityClaims;

function integrationWith(settings: GlassixSettings): IntegrationRef<GlassixSettings> {
  return { id: 'i-1', slug: 'glassix-support', vendor: 'glassix', settings };
}

function integration(extra: Record<string, unknown> = {}): IntegrationRef<GlassixSettings> {
  return integrationWith(strategy.parseSettings({ apiKey: API_KEY, snippetId: 'snippet-1', ...extra }));
}

const settingsProblems = (raw: unknown): { code: string; fields: string[] } => settingsProblemsOf(strategy, raw);

async function issueVerified(
  ref = integration(),
  claims = subject(),
): Promise<{ issued: IssuedIdentity; handoff: GlassixHandoff; token: string; payload: JWTPayload; alg: string | undefined }> {
  const issued = await strategy.issue({ integration: ref, claims, signingKey });
  const handoff = issued.handoff as unknown as GlassixHandoff;
  const token = handoff.widgetOptions.identityToken;
  const { payload } = await jwtVerify(token, secretBytes, { algorithms: ['HS256'] });
  return { issued, handoff, token, payload, alg: decodeProtectedHeader(token).alg };
}

const decode = decodeToken;

describe('GlassixStrategy', () => {
  describe('parseSettings', () => {
    it('applies the documented defaults and stores the API key lower-case', () => {
      const settings = strategy.parseSettings({ apiKey: API_KEY, snippetId: 'snippet-1' });
      expect(settings).toBeInstanceOf(GlassixSettings);
      expect({ ...settings }).toEqual({ apiKey: API_KEY.toLowerCase(), snippetId: 'snippet-1', tokenTtlSeconds: 18_000, claims: {} });
    });

    it('names each missing required key', () => {
      expect(settingsProblems({})).toEqual({
        code: 'validation_failed',
        fields: expect.arrayContaining(['settings.apiKey', 'settings.snippetId']),
      });
    });

    it('rejects unknown keys', () => {
      expect(settingsProblems({ apiKey: API_KEY, snippetId: 's', apiSecret: 'leak' }).fields).toEqual(['settings.apiSecret']);
    });

    it("rejects an API key that is not a UUID, like the vendor's own example", () => {
      expect(settingsProblems({ apiKey: VENDOR_EXAMPLE_AUD, snippetId: 's' }).fields).toEqual(['settings.apiKey']);
    });

    it.each([0, 299, 86_401, 3600.5, '18000'])('rejects tokenTtlSeconds %p', (tokenTtlSeconds) => {
      expect(settingsProblems({ apiKey: API_KEY, snippetId: 's', tokenTtlSeconds }).fields).toContain('settings.tokenTtlSeconds');
    });

    it.each(['role', 'ROLE', '_id', 'aud', 'iss', 'sub', 'exp', 'iat', 'nbf', 'jti'])('rejects a mapping of the reserved claim %s', (claim) => {
      expect(settingsProblems({ apiKey: API_KEY, snippetId: 's', claims: { [claim]: 'name' } }).fields).toEqual([`settings.claims.${claim}`]);
    });

    it('accepts ticket fields and custom claims mapped to subject fields', () => {
      const claims = { field1: 'name', field3: 'attributes.plan', plan: 'attributes.plan' };
      expect(integration({ claims }).settings.claims).toEqual(claims);
    });
  });

  describe('issue', () => {
    it('signs an HS256 token with lower-case iss and aud, an empty sub, iat and a 5 h exp by default', async () => {
      const claims = subject();
      const { issued, payload, alg } = await issueVerified(integration(), claims);
      expect(alg).toBe('HS256');
      expect(payload).toEqual({ iss: API_KEY.toLowerCase(), aud: USER_ID, sub: '', iat: claims.issuedAt, exp: claims.issuedAt + 18_000 });
      expect(issued.expiresAt?.getTime()).toBe((claims.issuedAt + 18_000) * 1000);
    });

    it('hands off widgetOptions whose uniqueIdentifier is exactly the token aud', async () => {
      const { handoff, payload, token } = await issueVerified();
      expect(handoff).toEqual({
        widgetOptions: { apiKey: API_KEY.toLowerCase(), snippetId: 'snippet-1', uniqueIdentifier: USER_ID, identityToken: token },
      });
      expect(handoff.widgetOptions.uniqueIdentifier).toBe(payload.aud);
    });

    it('lower-cases an upper-case user id in both aud and uniqueIdentifier', async () => {
      const { handoff, payload } = await issueVerified(integration(), subject({ userId: USER_ID.toUpperCase() }));
      expect(payload.aud).toBe(USER_ID);
      expect(handoff.widgetOptions.uniqueIdentifier).toBe(USER_ID);
    });

    it('refuses a user id that is not a UUID with a vendor-rule error', async () => {
      await expect(strategy.issue({ integration: integration(), claims: subject({ userId: VENDOR_EXAMPLE_AUD }), signingKey })).rejects.toMatchObject({
        code: 'vendor_rule_violated',
      });
    });

    it('honours tokenTtlSeconds', async () => {
      const claims = subject();
      const { payload } = await issueVerified(integration({ tokenTtlSeconds: 21_600 }), claims);
      expect(payload.exp).toBe(claims.issuedAt + 21_600);
    });

    it('lays mapped ticket fields and custom claims into the token, leaving out unknown values', async () => {
      const ref = integration({ claims: { field1: 'name', field3: 'attributes.plan', phone: 'phone', tier: 'attributes.plan' } });
      const { payload } = await issueVerified(ref);
      expect(payload).toMatchObject({ field1: 'Ada Lovelace', field3: 'gold', tier: 'gold' });
      expect(payload).not.toHaveProperty('phone');
    });

    it('accepts custom claims serializing to exactly 500 characters', async () => {
      const ref = integration({ claims: { bio: 'attributes.bio' } });
      const { payload } = await issueVerified(ref, subject({ attributes: { bio: 'x'.repeat(490) } }));
      expect(JSON.stringify({ bio: payload.bio })).toHaveLength(500);
    });

    it('refuses custom claims over 500 characters with a 422 naming the rule and the size', async () => {
      const ref = integration({ claims: { bio: 'attributes.bio' } });
      const issuing = strategy.issue({ integration: ref, claims: subject({ attributes: { bio: 'x'.repeat(491) } }), signingKey });
      await expect(issuing).rejects.toBeInstanceOf(VendorsException);
      await expect(issuing).rejects.toMatchObject({ code: 'vendor_rule_violated', message: expect.stringMatching(/500 characters.*501/) });
    });

    it('does not count field1..fieldN against the 500 characters', async () => {
      const ref = integration({ claims: { field1: 'attributes.bio', field12: 'attributes.bio' } });
      const { payload } = await issueVerified(ref, subject({ attributes: { bio: 'x'.repeat(2000) } }));
      expect(payload.field12).toHaveLength(2000);
    });

    it.each(['role', '_id', 'aud', 'iss', 'sub', 'exp', 'iat'])('refuses a reserved %s mapping that bypassed settings validation', async (claim) => {
      const settings = Object.assign(new GlassixSettings(), { apiKey: API_KEY.toLowerCase(), snippetId: 's', claims: { [claim]: 'name' } });
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
      'glassix.alg.hs256',
      'glassix.exp.present',
      'glassix.exp.not-expired',
      'glassix.iss.api-key',
      'glassix.aud.lowercase-uuid',
      'glassix.custom-claims.max-500-chars',
      'glassix.exp.recommended-lifetime',
    ];
    let good: DecodedToken;

    beforeAll(async () => {
      good = decode((await issueVerified(integration({ claims: { field1: 'name', plan: 'attributes.plan' } }))).token);
    });

    it('finds every rule satisfied on a token this strategy issued', () => {
      const findings = strategy.inspect(good, integration());
      expect(findings.map((finding) => finding.rule)).toEqual(rules);
      expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    });

    const broken: [string, (token: DecodedToken) => DecodedToken, RegExp][] = [
      ['glassix.alg.hs256', (t) => ({ ...t, header: { ...t.header, alg: 'none' } }), /alg is none.*HS256/],
      ['glassix.alg.hs256', (t) => ({ ...t, header: { ...t.header, alg: 'RS256' } }), /alg is RS256/],
      ['glassix.exp.present', (t) => ({ ...t, claims: { ...t.claims, exp: undefined } }), /exp is missing/],
      ['glassix.exp.present', (t) => ({ ...t, claims: { ...t.claims, exp: '1999999999' } }), /not a number/],
      ['glassix.exp.not-expired', (t) => ({ ...t, claims: { ...t.claims, iat: nowSeconds() - 20_000, exp: nowSeconds() - 1 } }), /expired/],
      ['glassix.iss.api-key', (t) => ({ ...t, claims: { ...t.claims, iss: API_KEY } }), /iss is upper case/],
      ['glassix.iss.api-key', (t) => ({ ...t, claims: { ...t.claims, iss: USER_ID } }), /not this integration's department API key/],
      ['glassix.iss.api-key', (t) => ({ ...t, claims: withoutClaim(t.claims, 'iss') }), /iss is missing/],
      [
        'glassix.aud.lowercase-uuid',
        (t) => ({ ...t, claims: { ...t.claims, aud: USER_ID.toUpperCase() } }),
        /^aud is upper case: Glassix needs the lower-case UUID you pass as uniqueIdentifier/,
      ],
      ['glassix.aud.lowercase-uuid', (t) => ({ ...t, claims: { ...t.claims, aud: VENDOR_EXAMPLE_AUD } }), /aud is not a UUID/],
      ['glassix.aud.lowercase-uuid', (t) => ({ ...t, claims: withoutClaim(t.claims, 'aud') }), /aud is missing/],
      ['glassix.custom-claims.max-500-chars', (t) => ({ ...t, claims: { ...t.claims, notes: 'x'.repeat(600) } }), /6\d\d characters.*at most 500/],
      [
        'glassix.exp.recommended-lifetime',
        (t) => ({ ...t, claims: { ...t.claims, exp: (t.claims.iat as number) + 3600 } }),
        /^Warning: the token lives 1 h, less than the 5 h/,
      ],
    ];

    it.each(broken)('flags %s on a token breaking it (%#)', (rule, breakIt, message) => {
      const findings = strategy.inspect(breakIt(good), integration());
      const finding = findings.find((candidate) => candidate.rule === rule);
      expect(finding).toMatchObject({ ok: false, message: expect.stringMatching(message) });
      expect(findings.map((candidate) => candidate.rule)).toEqual(rules);
    });

    it('does not count field1..fieldN as custom claims', () => {
      const token = { ...good, claims: { ...good.claims, field2: 'x'.repeat(600) } };
      expect(strategy.inspect(token, integration()).find((finding) => finding.rule === 'glassix.custom-claims.max-500-chars')?.ok).toBe(true);
    });
  });
});

