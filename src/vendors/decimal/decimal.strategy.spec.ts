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
  withoutClaim,
} from '../../../test/support/vendor-spec-kit.js';
import { TokenSigner } from '../token-signer.js';
import type { DecodedToken, IntegrationRef, IssuedIdentity } from '../vendor-strategy.js';
import { DecimalSettings } from './decimal.settings.js';
import { DecimalStrategy } from './decimal.strategy.js';


const strategy = new DecimalStrategy(new TokenSigner());

interface DecimalHandoff {
  boot: { user_token: string };
}

const subject = identityClaims;

function integrationWith(settings: DecimalSettings): IntegrationRef<DecimalSettings> {
  return { id: 'i-2', slug: 'decimal-help', vendor: 'decimal', settings };
}

function integration(raw: Record<string, unknown> = {}): IntegrationRef<DecimalSettings> {
  return integrationWith(strategy.parseSettings(raw));
}

const settingsProblems = (raw: unknown): { code: string; fields: string[] } => settingsProblemsOf(strategy, raw);

async function issueVerified(
  ref = integration(),
  claims = subject(),
): Promise<{ issued: IssuedIdentity; token: string; payload: JWTPayload; alg: string | undefined }> {
  const issued = await strategy.issue({ integration: ref, claims, signingKey });
  const token = (issued.handoff as unknown as DecimalHandoff).boot.user_token;
  const { payload } = await jwtVerify(token, secretBytes, { algorithms: ['HS256'] });
  return { issued, token, payload, alg: decodeProtectedHeader(token).alg };
}

const decode = decodeToken;


describe('DecimalStrategy', () => {
  describe('parseSettings', () => {
    it('applies the documented defaults', () => {
      const settings = strategy.parseSettings({});
      expect(settings).toBeInstanceOf(DecimalSettings);
      expect({ ...settings }).toEqual({ tokenTtlSeconds: 3600, disableEscalation: false, claims: {} });
    });

    it('rejects unknown keys', () => {
      expect(settingsProblems({ tokenTtlSeconds: 600, secret: 'leak' })).toEqual({ code: 'validation_failed', fields: ['settings.secret'] });
    });

    it.each([0, 59, 3601, 86_400, 900.5])('rejects tokenTtlSeconds %p (Decimal recommends 1 h at most)', (tokenTtlSeconds) => {
      expect(settingsProblems({ tokenTtlSeconds }).fields).toEqual(['settings.tokenTtlSeconds']);
    });

    it('rejects a disableEscalation that is not a boolean', () => {
      expect(settingsProblems({ disableEscalation: 'yes' }).fields).toEqual(['settings.disableEscalation']);
    });

    it.each(['role', '_id', 'aud', 'iss', 'sub', 'exp', 'iat', 'nbf', 'jti', 'email', 'name', 'disable_escalation', 'Email'])(
      'rejects a mapping of the reserved claim %s',
      (claim) => {
        expect(settingsProblems({ claims: { [claim]: 'externalId' } }).fields).toEqual([`settings.claims.${claim}`]);
      },
    );
  });

  describe('issue', () => {
    it('signs an HS256 token with email, name, disable_escalation, iat and a 1 h exp by default', async () => {
      const claims = subject();
      const { issued, payload, alg } = await issueVerified(integration(), claims);
      expect(alg).toBe('HS256');
      expect(payload).toEqual({
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        disable_escalation: false,
        iat: claims.issuedAt,
        exp: claims.issuedAt + 3600,
      });
      expect(issued.expiresAt?.getTime()).toBe((claims.issuedAt + 3600) * 1000);
    });

    it('hands off exactly { boot: { user_token } }', async () => {
      const { issued, token } = await issueVerified();
      expect(issued.handoff).toEqual({ boot: { user_token: token } });
    });

    it('sets disable_escalation when the integration disables escalation, and honours tokenTtlSeconds', async () => {
      const claims = subject();
      const { payload } = await issueVerified(integration({ disableEscalation: true, tokenTtlSeconds: 900 }), claims);
      expect(payload).toMatchObject({ disable_escalation: true, exp: claims.issuedAt + 900 });
    });

    it('leaves name out when it is unknown', async () => {
      const { payload } = await issueVerified(integration(), subject({ name: undefined }));
      expect(payload).not.toHaveProperty('name');
      expect(payload.email).toBe('ada@example.com');
    });

    it('lays mapped extra claims into the token', async () => {
      const { payload } = await issueVerified(integration({ claims: { plan: 'attributes.plan', customer_id: 'externalId' } }));
      expect(payload).toMatchObject({ plan: 'gold', customer_id: 'ext-42' });
    });

    it.each([undefined, ''])('refuses a user without an email (%p) with a 422 naming the rule', async (email) => {
      const issuing = strategy.issue({ integration: integration(), claims: subject({ email }), signingKey });
      await expect(issuing).rejects.toBeInstanceOf(VendorsException);
      await expect(issuing).rejects.toMatchObject({ code: 'vendor_rule_violated', message: expect.stringMatching(/^Decimal requires an email/) });
    });

    it.each(['role', '_id', 'exp', 'email', 'disable_escalation'])('refuses a reserved %s mapping that bypassed settings validation', async (claim) => {
      const settings = Object.assign(new DecimalSettings(), { claims: { [claim]: 'name' } });
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
      'decimal.alg.hs256',
      'decimal.exp.present',
      'decimal.exp.not-expired',
      'decimal.email.present',
      'decimal.exp.recommended-lifetime',
      'decimal.disable_escalation.boolean',
    ];
    let good: DecodedToken;

    beforeAll(async () => {
      good = decode((await issueVerified(integration({ disableEscalation: true, claims: { plan: 'attributes.plan' } }))).token);
    });

    it('finds every rule satisfied on a token this strategy issued', () => {
      const findings = strategy.inspect(good, integration());
      expect(findings.map((finding) => finding.rule)).toEqual(rules);
      expect(findings.filter((finding) => !finding.ok)).toEqual([]);
    });

    const broken: [string, (token: DecodedToken) => DecodedToken, RegExp][] = [
      ['decimal.alg.hs256', (t) => ({ ...t, header: { ...t.header, alg: 'none' } }), /alg is none.*HS256/],
      ['decimal.exp.present', (t) => ({ ...t, claims: withoutClaim(t.claims, 'exp') }), /exp is missing/],
      ['decimal.exp.not-expired', (t) => ({ ...t, claims: { ...t.claims, iat: nowSeconds() - 600, exp: nowSeconds() - 1 } }), /expired/],
      ['decimal.email.present', (t) => ({ ...t, claims: withoutClaim(t.claims, 'email') }), /email is missing.*Decimal requires/],
      ['decimal.email.present', (t) => ({ ...t, claims: { ...t.claims, email: 42 } }), /email is not a non-empty string/],
      [
        'decimal.exp.recommended-lifetime',
        (t) => ({ ...t, claims: { ...t.claims, exp: (t.claims.iat as number) + 7200 } }),
        /^Warning: the token lives 2 h, more than the 1 h Decimal recommends/,
      ],
      ['decimal.disable_escalation.boolean', (t) => ({ ...t, claims: { ...t.claims, disable_escalation: 'true' } }), /not a boolean/],
    ];

    it.each(broken)('flags %s on a token breaking it (%#)', (rule, breakIt, message) => {
      const findings = strategy.inspect(breakIt(good), integration());
      expect(findings.find((finding) => finding.rule === rule)).toMatchObject({ ok: false, message: expect.stringMatching(message) });
      expect(findings.map((finding) => finding.rule)).toEqual(rules);
    });
  });
});
