import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import {
  type AdminApi,
  adminApi,
  endUser,
  expectProblem,
  type HttpClient,
  type HttpResponse,
  listen,
  newSecret,
  requestToken,
  type TestVendor,
  vendorToken,
  type WidgetIdentityBody,
} from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { type FakeGladly, startFakeGladly } from './support/fake-gladly-server.js';
import {
  findingOf,
  type InspectionBody,
  signToken,
  unixSeconds,
  unsignedToken,
  usersAdminApi,
} from './support/users-admin-api.js';

type Claims = Record<string, unknown>;

/** A token crafted for one rule: claims, and optionally another alg or a way to present the compact JWT. */
interface Crafted {
  claims: Claims;
  alg?: string;
  present?: (token: string) => string;
}

interface BrokenRule {
  rule: string;
  label: string;
  craft: (valid: Claims) => Crafted;
  message: RegExp;
  /** Rules that necessarily break with it (a missing exp also fails the expiry checks). */
  alsoBroken?: string[];
}

interface SigningVendor {
  vendor: TestVendor;
  /** The string the widget is given, from a token response. */
  widgetString: (body: WidgetIdentityBody) => string;
  /** How that string wraps a compact JWT. */
  present: (token: string) => string;
  /** Claims that satisfy every rule of the vendor, for this integration's settings. */
  validClaims: (settings: Claims) => Claims;
  broken: BrokenRule[];
}

const without = (claims: Claims, name: string): Claims => Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));

/** The rules every signing vendor shares (common-token-rules.ts), with their plain-language messages. */
const commonRules = (vendor: string): BrokenRule[] => [
  { rule: `${vendor}.alg.hs256`, label: 'signed with HS384', craft: (valid) => ({ claims: valid, alg: 'HS384' }), message: /^alg is HS384: .* sign with HS256\.$/ },
  {
    rule: `${vendor}.exp.present`,
    label: 'without exp',
    craft: (valid) => ({ claims: without(valid, 'exp') }),
    message: /^exp is missing: .* tokens must expire; set exp/,
    alsoBroken: [`${vendor}.exp.not-expired`, ...(vendor === 'tiledesk' ? [] : [`${vendor}.exp.recommended-lifetime`])],
  },
  {
    rule: `${vendor}.exp.not-expired`,
    label: 'expired',
    // Shifted into the past with its lifetime intact, so only the expiry rule breaks.
    craft: (valid) => {
      const shift = Number(valid.exp) - Number(valid.iat) + 60;
      return { claims: { ...valid, iat: Number(valid.iat) - shift, exp: Number(valid.exp) - shift } };
    },
    message: /^The token expired at .*rejects it; issue a new token\.$/,
  },
];

const uuid = (): string => randomUUID();

const SIGNING_VENDORS: SigningVendor[] = [
  {
    vendor: 'glassix',
    widgetString: (body) => vendorToken(body),
    present: (token) => token,
    validClaims: (settings) => ({ iss: settings.apiKey, aud: uuid(), sub: '', iat: unixSeconds(), exp: unixSeconds(18_000), field1: 'Ada' }),
    broken: [
      ...commonRules('glassix'),
      {
        rule: 'glassix.iss.api-key',
        label: 'with the API key upper-cased in iss',
        craft: (valid) => ({ claims: { ...valid, iss: String(valid.iss).toUpperCase() } }),
        message: /^iss is upper case: Glassix needs the department API key in lower case/,
      },
      {
        rule: 'glassix.iss.api-key',
        label: 'with another department key in iss',
        craft: (valid) => ({ claims: { ...valid, iss: uuid() } }),
        message: /^iss is not this integration's department API key: Glassix expects [0-9a-f-]{36} \(the API key, not the secret\)/,
      },
      {
        rule: 'glassix.aud.lowercase-uuid',
        label: 'with an upper-case aud',
        craft: (valid) => ({ claims: { ...valid, aud: String(valid.aud).toUpperCase() } }),
        message: /^aud is upper case: Glassix needs the lower-case UUID you pass as uniqueIdentifier\.$/,
      },
      {
        rule: 'glassix.aud.lowercase-uuid',
        label: "with the vendor example's invalid UUID in aud",
        craft: (valid) => ({ claims: { ...valid, aud: 'db79e775-84f2e-8741-9266e920cc32' } }),
        message: /^aud is not a UUID: /,
      },
      {
        rule: 'glassix.custom-claims.max-500-chars',
        label: 'with custom claims over 500 characters',
        craft: (valid) => ({ claims: { ...valid, plan: 'x'.repeat(600) } }),
        message: /^The custom claims .* serialize to 611 characters: Glassix accepts at most 500; map fewer or shorter claims/,
      },
      {
        rule: 'glassix.exp.recommended-lifetime',
        label: 'living 1 hour',
        craft: (valid) => ({ claims: { ...valid, exp: Number(valid.iat) + 3600 } }),
        message: /^Warning: the token lives 1 h, less than the 5 h Glassix recommends; raise tokenTtlSeconds/,
      },
    ],
  },
  {
    vendor: 'decimal',
    widgetString: (body) => vendorToken(body),
    present: (token) => token,
    validClaims: () => ({ email: 'ada@example.com', name: 'Ada', disable_escalation: false, iat: unixSeconds(), exp: unixSeconds(3600) }),
    broken: [
      ...commonRules('decimal'),
      {
        rule: 'decimal.email.present',
        label: 'without email',
        craft: (valid) => ({ claims: without(valid, 'email') }),
        message: /^email is missing: Decimal requires the user's email/,
      },
      {
        rule: 'decimal.exp.recommended-lifetime',
        label: 'living 2 hours',
        craft: (valid) => ({ claims: { ...valid, exp: Number(valid.iat) + 7200 } }),
        message: /^Warning: the token lives 2 h, more than the 1 h Decimal recommends; lower tokenTtlSeconds/,
      },
      {
        rule: 'decimal.disable_escalation.boolean',
        label: 'with disable_escalation as a string',
        craft: (valid) => ({ claims: { ...valid, disable_escalation: 'yes' } }),
        message: /^disable_escalation is not a boolean: Decimal expects true or false/,
      },
    ],
  },
  {
    vendor: 'tiledesk',
    widgetString: (body) => String(body.handoff.signInWithCustomToken),
    present: (token) => `JWT ${token}`,
    validClaims: (settings) => ({
      _id: `${settings.projectId}_${uuid()}`,
      sub: 'userexternal',
      aud: `https://tiledesk.com/projects/${settings.projectId}`,
      email: 'ada@example.com',
      firstname: 'Ada',
      attributes: { plan: 'gold' },
      iat: unixSeconds(),
      exp: unixSeconds(3600),
    }),
    broken: [
      ...commonRules('tiledesk'),
      {
        rule: 'tiledesk.raw.jwt-prefix',
        label: 'without the "JWT " prefix',
        craft: (valid) => ({ claims: valid, present: (token) => token }),
        message: /^The string does not start with "JWT ": Tiledesk's signInWithCustomToken needs 'JWT ' \+ token; prefix it/,
      },
      {
        rule: 'tiledesk._id.project-prefix',
        label: "with another project's _id",
        craft: (valid) => ({ claims: { ...valid, _id: `other-project_${uuid()}` } }),
        message: /^_id is "other-project_.*": Tiledesk needs .*_<user id> \(this project's id, an underscore, then the user id\)\.$/,
      },
      {
        rule: 'tiledesk._id.project-prefix',
        label: 'without _id',
        craft: (valid) => ({ claims: without(valid, '_id') }),
        message: /^_id is missing: Tiledesk rejects a token without _id/,
      },
      {
        rule: 'tiledesk.sub.userexternal',
        label: 'with another sub',
        craft: (valid) => ({ claims: { ...valid, sub: 'user-42' } }),
        message: /^sub is "user-42": Tiledesk needs sub = "userexternal"/,
      },
      {
        rule: 'tiledesk.aud.project-url',
        label: "with another project's aud",
        craft: (valid) => ({ claims: { ...valid, aud: 'https://tiledesk.com/projects/another' } }),
        message: /^aud is "https:\/\/tiledesk.com\/projects\/another": Tiledesk picks the verification secret from the project in aud; set aud to/,
      },
      {
        rule: 'tiledesk.email.present',
        label: 'without email',
        craft: (valid) => ({ claims: without(valid, 'email') }),
        message: /^email is missing: Tiledesk requires the user's email/,
      },
      {
        rule: 'tiledesk.role.absent',
        label: 'with a role claim',
        craft: (valid) => ({ claims: { ...valid, role: 'owner' } }),
        message: /^The token carries a role claim: .*; remove it\.$/,
      },
      {
        rule: 'tiledesk.attributes.object',
        label: 'with attributes that are not an object',
        craft: (valid) => ({ claims: { ...valid, attributes: 'gold' } }),
        message: /^attributes is not an object: Tiledesk expects an object of custom values/,
      },
    ],
  },
];

describe('Token inspector (POST /v1/admin/integrations/{slug}/inspect)', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  let inspector: ReturnType<typeof usersAdminApi>;
  /** Every vendor secret this spec stored: no response may contain one. */
  const secrets: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
    inspector = usersAdminApi(http);
  });

  afterAll(() => app?.close());

  /** Creates an integration through the admin API; its slug, secret and stored settings. */
  const create = async (vendor: TestVendor): Promise<{ slug: string; secret: string; settings: Claims }> => {
    const created = await admin.createIntegration(vendor);
    secrets.push(created.secret);
    return { slug: created.slug, secret: created.secret, settings: created.response.body.settings };
  };

  /** Inspects and insists on a 200 that echoes no secret. */
  const inspect = async (slug: string, token: string): Promise<InspectionBody & { requestId: string }> => {
    const response = await inspector.inspect(slug, token);
    expectNoSecret(response);
    if (response.status !== 200) throw new Error(`inspect answered ${response.status}: ${response.text}`);
    return { ...response.body, requestId: response.headers['x-request-id']! };
  };

  const expectNoSecret = (response: HttpResponse): void => {
    for (const secret of secrets) expect(response.text).not.toContain(secret);
  };

  const failedRules = (report: InspectionBody): string[] => report.findings.filter((finding) => !finding.ok).map((finding) => finding.rule);

  describe.each(SIGNING_VENDORS)('$vendor', ({ vendor, widgetString, present, validClaims, broken }) => {
    let slug: string;
    let secret: string;
    let settings: Claims;

    beforeAll(async () => {
      ({ slug, secret, settings } = await create(vendor));
    });

    it('finds nothing wrong with a token issued by POST /v1/identity, signed by the active version', async () => {
      const response = await requestToken(http, slug, await endUser(vendor));
      expect(response.status).toBe(200);

      const report = await inspect(slug, widgetString(response.body));

      expect(report).toMatchObject({
        integration: slug,
        vendor,
        ok: true,
        header: { alg: 'HS256' },
        signature: { valid: true, verifiable: true, version: 1, state: 'active', message: 'Signed with version 1, the active secret.' },
      });
      expect(failedRules(report)).toEqual([]);
      expect(report.findings.length).toBeGreaterThanOrEqual(4);
    });

    it('finds nothing wrong with a crafted token that follows every rule (the baseline of the cases below)', async () => {
      const report = await inspect(slug, present(await signToken(validClaims(settings), secret)));
      expect(failedRules(report)).toEqual([]);
      expect(report.signature.valid).toBe(true);
    });

    it.each(broken)('flags a token $label: $rule', async ({ rule, craft, message, alsoBroken = [] }) => {
      const crafted = craft(validClaims(settings));
      const token = await signToken(crafted.claims, secret, { alg: crafted.alg });

      const report = await inspect(slug, (crafted.present ?? present)(token));

      expect(findingOf(report, rule)).toEqual({ rule, ok: false, message: expect.stringMatching(message) });
      expect(report.ok).toBe(false);
      expect(failedRules(report).sort()).toEqual([...new Set([rule, ...alsoBroken])].sort());
      expect(report.signature.valid).toBe(crafted.alg === undefined);
    });

    it('says a token signed by a retired version is valid, with that version, and that new ones use the next', async () => {
      const rotated = await create(vendor);
      const oldToken = present(await signToken(validClaims(rotated.settings), rotated.secret));
      const nextSecret = newSecret(`${vendor}-next`);
      secrets.push(nextSecret);
      expect((await admin.addSecret(rotated.slug, { secret: nextSecret })).status).toBe(201);

      const report = await inspect(rotated.slug, oldToken);
      const fresh = await inspect(rotated.slug, present(await signToken(validClaims(rotated.settings), nextSecret)));

      expect(report.signature).toEqual({
        valid: true,
        verifiable: true,
        version: 1,
        state: 'retired',
        message: expect.stringMatching(/^Signed with version 1, a retired secret: .* New credentials are made with version 2\.$/),
      });
      expect(fresh.signature).toMatchObject({ valid: true, version: 2, state: 'active' });
    });
  });

  describe('gladly (tokens minted by Gladly)', () => {
    let fakeGladly: FakeGladly;
    let jwtSlug: string;
    let standardSlug: string;

    beforeAll(async () => {
      fakeGladly = await startFakeGladly({ apiToken: newSecret('gladly-api-token') });
      secrets.push(fakeGladly.apiToken);
      jwtSlug = `gladly-${randomUUID()}`;
      standardSlug = `gladly-standard-${randomUUID()}`;
      const jwtMode = await admin.create({
        slug: jwtSlug,
        vendor: 'gladly',
        settings: { mode: 'jwt', baseUrl: fakeGladly.url, apiUser: fakeGladly.apiUser },
        secret: fakeGladly.apiToken,
      });
      const standardMode = await admin.create({ slug: standardSlug, vendor: 'gladly', settings: { mode: 'standard' } });
      expect([jwtMode.status, standardMode.status]).toEqual([201, 201]);
    });

    afterAll(() => fakeGladly?.close());

    it('says the signature can only be checked by Gladly, and finds nothing wrong with a token Gladly minted', async () => {
      const response = await requestToken(http, jwtSlug, await endUser('gladly'));
      expect(response.status).toBe(200);
      const minted = (response.body.handoff.setUser as { jwt: string }).jwt;

      const report = await inspect(jwtSlug, minted);

      expect(report.signature).toEqual({
        valid: false,
        verifiable: false,
        message: expect.stringMatching(/^Gladly mints and signs these tokens with its own key, .*only Gladly can verify the signature/),
      });
      expect(findingOf(report, 'minted-by-gladly')).toMatchObject({ ok: true, message: expect.stringContaining('minted by Gladly') });
      expect(failedRules(report)).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it.each([
      { rule: 'jwt-mode', label: 'for an integration in standard mode', standard: true, claims: { exp: unixSeconds(3600) }, message: /^This integration is in standard mode: .*Set settings.mode to "jwt"/ },
      { rule: 'exp-present', label: 'without exp', standard: false, claims: {}, message: /^The token has no numeric exp claim/ },
      { rule: 'not-expired', label: 'expired', standard: false, claims: { exp: unixSeconds(-60) }, message: /^The token expired at .*; request a new one\.$/ },
    ])('flags a token $label: $rule', async ({ rule, standard, claims, message }) => {
      const token = await signToken({ sub: 'ada@example.com', ...claims }, 'some-key-only-gladly-knows-0123456789');

      const report = await inspect(standard ? standardSlug : jwtSlug, token);

      expect(findingOf(report, rule)).toEqual({ rule, ok: false, message: expect.stringMatching(message) });
      expect(report.ok).toBe(false);
    });
  });

  describe('signatures and input it refuses', () => {
    let slug: string;
    let secret: string;
    let settings: Claims;
    const glassixClaims = (): Claims => SIGNING_VENDORS[0].validClaims(settings);

    beforeAll(async () => {
      ({ slug, secret, settings } = await create('glassix'));
    });

    it('reports an alg "none" token as unsigned and never valid', async () => {
      const report = await inspect(slug, unsignedToken(glassixClaims()));

      expect(report.header).toEqual({ alg: 'none' });
      expect(report.signature).toEqual({ valid: false, verifiable: true, message: expect.stringMatching(/^The token is unsigned .*nothing else is ever accepted/) });
      expect(findingOf(report, 'glassix.alg.hs256')).toMatchObject({ ok: false, message: expect.stringMatching(/^alg is none: /) });
      expect(report.ok).toBe(false);
    });

    it('reports a token signed with another secret as invalid, naming the versions it tried', async () => {
      const report = await inspect(slug, await signToken(glassixClaims(), newSecret('not-ours')));

      expect(report.signature).toEqual({ valid: false, verifiable: true, message: expect.stringMatching(/^The signature matches none of the secrets stored here \(version 1\)/) });
      expect(report.ok).toBe(false);
      expect(failedRules(report)).toEqual([]);
    });

    it('inspects tokens of a disabled integration too', async () => {
      const disabled = await create('glassix');
      expect((await admin.update(disabled.slug, { enabled: false })).status).toBe(200);

      const report = await inspect(disabled.slug, await signToken(SIGNING_VENDORS[0].validClaims(disabled.settings), disabled.secret));

      expect(report.signature).toMatchObject({ valid: true, version: 1 });
    });

    it('audits the verdict, never the token or its claims', async () => {
      const claims = { ...glassixClaims(), aud: randomUUID().toUpperCase() };
      const token = await signToken(claims, secret);

      const report = await inspect(slug, token);

      const events = await admin.auditFor(report.requestId);
      expect(events).toEqual([
        expect.objectContaining({
          action: 'token.inspected',
          target: `integration:${slug}`,
          details: { vendor: 'glassix', ok: false, signatureValid: true, version: 1, state: 'active', failedRules: ['glassix.aud.lowercase-uuid'] },
        }),
      ]);
      const audited = JSON.stringify(events);
      expect(audited).not.toContain(token.split('.')[1]);
      expect(audited).not.toContain(String(claims.aud));
    });

    it.each([
      ['a word', 'hello', /1 part\(s\)/],
      ['two parts', 'abc.def', /2 part\(s\) .*a signed JWT has 3/],
      ['a header that is not base64url', 'ab$c.def.ghi', /header part is not base64url/],
      ['a payload that is not JSON', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}.sig`, /payload part decodes to something that is not JSON/],
      ['an empty string', '', /empty/],
    ])('answers 422 saying why for %s', async (_label, token, why) => {
      const response = await inspector.inspect(slug, token);
      const problem = expectProblem(response, 422);
      expect(problem.detail).toMatch(why);
      expect(problem.errors).toEqual([{ field: 'token', message: expect.stringMatching(why) }]);
    });

    it('refuses a 17 KB token with a 413 before decoding it', async () => {
      const token = `${'a'.repeat(17 * 1024)}.b.c`;
      const problem = expectProblem(await inspector.inspect(slug, token), 413);
      expect(problem.detail).toMatch(/^The token is 17412 bytes; the inspector reads at most 16384 \(16 KB\)\./);
    });

    it('answers 400 when token is not a string, and 404 for an unknown integration', async () => {
      expect(expectProblem(await inspector.inspect(slug, 42), 400).errors).toEqual([expect.objectContaining({ field: 'token' })]);
      expectProblem(await inspector.inspect(`missing-${randomUUID()}`, await signToken(glassixClaims(), secret)), 404);
    });

    it('names a revoked version that signed a token, and never calls it valid', async () => {
      const revoked = await create('glassix');
      expect((await admin.addSecret(revoked.slug, { secret: newSecret('glassix-next') })).status).toBe(201);
      expect((await admin.revoke(revoked.slug, 1)).status).toBe(200);

      const report = await inspect(revoked.slug, await signToken(SIGNING_VENDORS[0].validClaims(revoked.settings), revoked.secret));

      expect(report.signature).toEqual({
        valid: false,
        verifiable: true,
        version: 1,
        state: 'revoked',
        message: expect.stringMatching(/^Signed with version 1, a revoked secret: .* New credentials are made with version 2\.$/),
      });
      expect(report.ok).toBe(false);
    });

    it('answers 400 naming token when a JWT vendor is sent a hash signature instead', async () => {
      const response = await admin.send('POST', `/v1/admin/integrations/${slug}/inspect`, { signature: 'ab'.repeat(32), signed: 'ada@example.com' });
      const problem = expectProblem(response, 400);
      expect(problem.detail).toMatch(/^Glassix integrations are inspected by their token/);
      expect(problem.errors).toEqual([{ field: 'token', message: 'token is required for this vendor' }]);
    });

    it('answers 401 without the admin key', async () => {
      expectProblem(await usersAdminApi(http, {}).inspect(slug, await signToken(glassixClaims(), secret)), 401);
    });
  });
});
