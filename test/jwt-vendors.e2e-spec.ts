// Intercom, Zendesk, Kustomer and Salesforce through the real HTTP API on real PostgreSQL, each token
// judged by a local fake of the vendor's verifier (src/vendors/<id>/<id>.fake.ts): accepted as
// documented, no failed login across a rotation with both keys registered, revoked keys refused,
// reserved claims refused.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import {
  adminApi,
  type AdminApi,
  endUser,
  type EndUser,
  expectProblem,
  type HttpClient,
  listen,
  msUntil,
  newSecret,
  requestToken,
  uniqueSlug,
  vendorToken,
  type WidgetIdentityBody,
} from './support/admin-api.js';
import { IntegrationEntity } from '../src/integrations/entities/integration.entity.js';
import { startTestApp } from './support/app.js';
import { type FakeHs256Vendor, type FakeVerifier, type Verdict } from './support/fake-jwt-vendors.js';
import { fakeIntercom } from '../src/vendors/intercom/intercom.fake.js';
import { fakeKustomer } from '../src/vendors/kustomer/kustomer.fake.js';
import { FakeSalesforce } from '../src/vendors/salesforce/salesforce.fake.js';
import { fakeZendesk } from '../src/vendors/zendesk/zendesk.fake.js';
import { issueForUser, LOWER_CASE_UUID, problemFields, requestAsUser, uniqueSub } from './support/identity-api.js';
import { bearer, userToken } from './support/tokens.js';

const zendeskKeyId = (): string => `app_${randomBytes(12).toString('hex')}`;

describe('JWT vendors, judged by fakes of their verifiers', () => {
  let app: NestFastifyApplication;
  let http: HttpClient & { baseUrl: string };
  let admin: AdminApi;
  let database: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
    database = app.get(DataSource);
  });

  afterAll(() => app?.close());

  const create = async (body: Record<string, unknown>): Promise<void> => {
    const response = await admin.create(body);
    if (response.status !== 201) throw new Error(`creating ${String(body.slug)}: ${response.status} ${response.text}`);
  };

  /** A widget login: our token answer, then the vendor's verdict on the token in it. */
  const login = async (verifier: FakeVerifier, slug: string, user: EndUser): Promise<{ body: WidgetIdentityBody; token: string; verdict: Verdict }> => {
    const response = await requestToken(http, slug, user);
    if (response.status !== 200) throw new Error(`token for ${slug}: ${response.status} ${response.text}`);
    const token = vendorToken(response.body);
    return { body: response.body, token, verdict: await verifier.verify(token) };
  };

  /** Widget logins from several users, nonstop while `change` runs and a few after it: every verdict. */
  const loginsThroughout = async (verifier: FakeVerifier, slug: string, change: () => Promise<void>): Promise<Verdict[]> => {
    const users = await Promise.all([1, 2, 3, 4].map((n) => endUser(`rotating-${n}`)));
    const verdicts: Verdict[] = [];
    let changing = true;
    const worker = async (user: EndUser): Promise<void> => {
      for (let after = 0; changing || after < 3; after += changing ? 0 : 1) {
        verdicts.push((await login(verifier, slug, user)).verdict);
      }
    };
    const workers = users.map(worker);
    await change();
    changing = false;
    await Promise.all(workers);
    return verdicts;
  };

  const refusals = (verdicts: Verdict[]): Array<string | undefined> => verdicts.filter((verdict) => !verdict.accepted).map((verdict) => verdict.reason);

  /**
   * A vendor that verifies with the one secret it holds (registered as 'current'): it holds the new one
   * too while the switch happens here (staged, then activated under load), then the old one is removed
   * there and revoked here.
   */
  const rotateSingleSecret = async (vendor: FakeHs256Vendor, slug: string): Promise<void> => {
    const next = newSecret('next');
    vendor.register('next', next);
    expect((await admin.addSecret(slug, { secret: next, activate: false })).body).toMatchObject({ version: 2, state: 'pending' });
    const before = await login(vendor, slug, await endUser('before'));

    const verdicts = await loginsThroughout(vendor, slug, async () => {
      expect((await admin.activate(slug, 2)).status).toBe(200);
    });

    expect(refusals(verdicts)).toEqual([]);
    vendor.remove('current');
    expect((await admin.revoke(slug, 1)).status).toBe(200);
    expect(await vendor.verify(before.token)).toEqual({ accepted: false, reason: 'signature' });
    expect((await login(vendor, slug, await endUser('after'))).verdict.accepted).toBe(true);
  };

  const tamperClaims = (slug: string, claims: Record<string, string>): Promise<unknown> =>
    database.query(`UPDATE chat_identity.integration SET settings = jsonb_set(settings, '{claims}', $2::jsonb) WHERE slug = $1`, [slug, JSON.stringify(claims)]);

  describe('Intercom', () => {
    const intercom = fakeIntercom();
    const slug = uniqueSlug('intercom');
    const secret = newSecret('intercom-messenger-secret');

    beforeAll(async () => {
      await create({ slug, vendor: 'intercom', settings: { appId: 'abc12345', claims: { plan: 'attributes.plan' } }, secret });
      intercom.register('current', secret);
    });

    it('answers intercomSettings whose JWT Intercom accepts: user_id the stable id, email, name, attributes, iat, exp', async () => {
      const sub = uniqueSub('intercom');
      const body = await issueForUser(http, slug, sub, { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'gold' });
      const handoff = body.handoff as { intercomSettings: { app_id: string; intercom_user_jwt: string } };
      const verdict = await intercom.verify(handoff.intercomSettings.intercom_user_jwt);

      expect(verdict.reason).toBeUndefined();
      expect(handoff.intercomSettings.app_id).toBe('abc12345');
      expect(verdict.claims).toEqual({ user_id: body.userId, email: 'ada@example.com', name: 'Ada Lovelace', plan: 'gold', iat: expect.any(Number), exp: expect.any(Number) });
      expect(body.userId).toMatch(LOWER_CASE_UUID);
      expect(Date.parse(body.expiresAt ?? '')).toBe((verdict.claims!.exp as number) * 1000);
      expect(body.logout).toEqual({ call: "Intercom('shutdown')" });
    });

    it('names the user by the host app key with identifier: externalId', async () => {
      const byKey = uniqueSlug('intercom-external');
      await create({ slug: byKey, vendor: 'intercom', settings: { appId: 'abc12345', identifier: 'externalId' }, secret });
      const sub = uniqueSub('intercom-key');
      const { verdict } = await login(intercom, byKey, { sub, email: '', name: '', headers: bearer(await userToken(sub)) });
      expect(verdict).toMatchObject({ accepted: true, claims: { user_id: sub } });
      expect(verdict.claims).not.toHaveProperty('email');
    });

    it('loses no login while the secret rotates with both registered, and a token of the removed, revoked secret is refused', () =>
      rotateSingleSecret(intercom, slug));

    it.each(['user_id', 'email', 'name', 'role', 'exp'])('refuses a mapping of the reserved claim %s: 400 when saved, 422 and no token when stored around the API', async (claim) => {
      const saved = await admin.create({ slug: uniqueSlug('intercom-reserved'), vendor: 'intercom', settings: { appId: 'abc12345', claims: { [claim]: 'attributes.plan' } }, secret });
      expect(problemFields(expectProblem(saved, 400))).toContain(`settings.claims.${claim}`);

      const tampered = uniqueSlug('intercom-tampered');
      await create({ slug: tampered, vendor: 'intercom', settings: { appId: 'abc12345' }, secret });
      await tamperClaims(tampered, { [claim]: 'attributes.plan' });
      const response = await requestAsUser(http, tampered, uniqueSub('evil'), { plan: 'owner' });
      expect(expectProblem(response, 422).detail).toContain(`"${claim}"`);
      expect(response.text).not.toContain('eyJ');
    });
  });

  describe('Zendesk', () => {
    const zendesk = fakeZendesk();
    const slug = uniqueSlug('zendesk');
    const secret = newSecret('zendesk-signing-key');
    const keyId = zendeskKeyId();

    beforeAll(async () => {
      zendesk.register(keyId, secret);
      await create({ slug, vendor: 'zendesk', settings: {}, secret, keyId });
    });

    it('requires the key id with the secret, and echoes it in the secret metadata', async () => {
      const missing = await admin.create({ slug: uniqueSlug('zendesk-no-kid'), vendor: 'zendesk', settings: {}, secret });
      expect(problemFields(expectProblem(missing, 400))).toEqual(['keyId']);
      expect(problemFields(expectProblem(await admin.addSecret(slug, { secret: newSecret() }), 400))).toEqual(['keyId']);
      const versions = await admin.secrets(slug);
      expect(versions.body).toEqual([expect.objectContaining({ version: 1, state: 'active', keyId })]);
      expect(versions.text).not.toContain(secret);
    });

    it('refuses a key id another version of the integration already has (409)', async () => {
      expectProblem(await admin.addSecret(slug, { secret: newSecret(), keyId, activate: false }), 409);
    });

    it("answers loginUser with a JWT Zendesk accepts: kid = the key's id, scope user, external_id, name, email, iat, exp", async () => {
      const user = await endUser('zendesk');
      const { body, verdict } = await login(zendesk, slug, user);

      expect(verdict.reason).toBeUndefined();
      expect(verdict.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: keyId });
      expect(verdict.claims).toEqual({ scope: 'user', external_id: body.userId, name: user.name, email: user.email, iat: expect.any(Number), exp: expect.any(Number) });
      expect(body.handoff).toEqual({ loginUser: { jwt: expect.any(String) } });
      expect(body.logout).toEqual({ call: "zE('messenger', 'logoutUser')" });
    });

    it('sends email_verified: true only when the identity provider or the trusted server says the email is verified', async () => {
      const verified = await issueForUser(http, slug, uniqueSub('verified'), { email: 'v@example.com', email_verified: true });
      expect(decodeJwt(vendorToken(verified))).toMatchObject({ email: 'v@example.com', email_verified: true });
      const unverified = await issueForUser(http, slug, uniqueSub('unverified'), { email: 'u@example.com', email_verified: false });
      expect(decodeJwt(vendorToken(unverified))).not.toHaveProperty('email_verified');
      const unsaid = await issueForUser(http, slug, uniqueSub('unsaid'), { email: 'n@example.com' });
      expect(decodeJwt(vendorToken(unsaid))).not.toHaveProperty('email_verified');
      const noEmail = await issueForUser(http, slug, uniqueSub('no-email'), { email_verified: true });
      expect(decodeJwt(vendorToken(noEmail))).not.toHaveProperty('email_verified');
    });

    it('picks among several keys by kid: a staged key takes over with no failed login, and a revoked, deleted one is refused', async () => {
      const rotating = uniqueSlug('zendesk-rotation');
      const [first, second] = [zendeskKeyId(), zendeskKeyId()];
      const [firstSecret, secondSecret] = [newSecret('zendesk-first'), newSecret('zendesk-second')];
      zendesk.register(first, firstSecret);
      await create({ slug: rotating, vendor: 'zendesk', settings: {}, secret: firstSecret, keyId: first });
      // Step 1: the new key exists in Zendesk's Admin Center (both held) and is staged here.
      zendesk.register(second, secondSecret);
      expect((await admin.addSecret(rotating, { secret: secondSecret, keyId: second, activate: false })).body).toMatchObject({ state: 'pending', keyId: second });
      const before = await login(zendesk, rotating, await endUser('before'));
      expect(before.verdict).toMatchObject({ accepted: true, header: { kid: first } });

      // Step 2: activate it while users log in.
      const verdicts = await loginsThroughout(zendesk, rotating, async () => {
        expect((await admin.activate(rotating, 2)).status).toBe(200);
      });

      expect(refusals(verdicts)).toEqual([]);
      expect(verdicts.at(-1)?.header?.kid).toBe(second);
      expect(await zendesk.verify(before.token)).toMatchObject({ accepted: true });
      // Step 3: the old key is revoked here and deleted in Zendesk.
      expect((await admin.revoke(rotating, 1)).status).toBe(200);
      zendesk.remove(first);
      expect(await zendesk.verify(before.token)).toEqual({ accepted: false, reason: `unknown kid ${first}` });
      expect((await login(zendesk, rotating, await endUser('after'))).verdict).toMatchObject({ accepted: true, header: { kid: second } });
    });

    it('takes no claims mapping (Zendesk has no custom claims): 400 on the unknown key', async () => {
      const response = await admin.create({ slug: uniqueSlug('zendesk-claims'), vendor: 'zendesk', settings: { claims: { external_id: 'email' } }, secret, keyId: zendeskKeyId() });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.claims');
    });
  });

  describe('Kustomer', () => {
    const kustomer = fakeKustomer();
    const slug = uniqueSlug('kustomer');
    const secret = newSecret('kustomer-chat-secret');

    beforeAll(async () => {
      kustomer.register('current', secret);
      await create({ slug, vendor: 'kustomer', settings: {}, secret });
    });

    it('answers login with a JWT Kustomer accepts: externalId and iat only, valid 15 minutes from iat', async () => {
      const { body, verdict } = await login(kustomer, slug, await endUser('kustomer'));

      expect(verdict.reason).toBeUndefined();
      expect(verdict.claims).toEqual({ externalId: body.userId, iat: expect.any(Number) });
      expect(Date.parse(body.expiresAt ?? '')).toBe(((verdict.claims!.iat as number) + 15 * 60) * 1000);
      expect(body.handoff).toEqual({ login: { jwtToken: expect.any(String) } });
      expect(body.logout).toEqual({ call: 'Kustomer.logout()' });
    });

    it('is refused by Kustomer 15 minutes after iat', async () => {
      const { token, verdict } = await login(kustomer, slug, await endUser('stale'));
      const iat = verdict.claims!.iat as number;
      expect(await kustomer.verify(token, iat + 15 * 60 - 1)).toMatchObject({ accepted: true });
      expect(await kustomer.verify(token, iat + 15 * 60)).toEqual({ accepted: false, reason: 'iat too old' });
    });

    it('loses no login while the secret rotates with both registered, and a token of the removed, revoked secret is refused', () =>
      rotateSingleSecret(kustomer, slug));

    it('takes no claims mapping: 400 on the unknown key', async () => {
      const response = await admin.create({ slug: uniqueSlug('kustomer-claims'), vendor: 'kustomer', settings: { claims: { email: 'email' } }, secret });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.claims');
    });
  });

  describe('Salesforce', () => {
    const issuer = 'https://app.example.com';
    const slug = uniqueSlug('salesforce');
    let salesforce: FakeSalesforce;
    const generate = (target: string) => admin.addSecret(target, { generate: true, activate: false });
    const jwks = (target: string) => http.send<{ keys: Array<Record<string, string>> }>('GET', `/v1/jwks/${target}`);

    beforeAll(async () => {
      await create({ slug, vendor: 'salesforce', settings: { issuer } });
      salesforce = new FakeSalesforce(`${http.baseUrl}/v1/jwks/${slug}`, issuer);
    });

    it('takes no secret: a given one is refused, and without a key pair there is no token (503)', async () => {
      const withSecret = await admin.create({ slug: uniqueSlug('salesforce-secret'), vendor: 'salesforce', settings: { issuer }, secret: newSecret() });
      expect(problemFields(expectProblem(withSecret, 400))).toEqual(['secret']);
      expectProblem(await requestToken(http, slug, await endUser('early')), 503);
      expect((await jwks(slug)).body).toEqual({ keys: [] });
    });

    it('generates a key pair per version, publishes the pending key, and signs with it once active: Salesforce accepts the token', async () => {
      const staged = await generate(slug);
      expect(staged.status).toBe(201);
      expect(staged.body).toMatchObject({ version: 1, state: 'pending', keyId: expect.stringMatching(/^[\w-]{43}$/) });
      // Verifiers may hold the set 60 s and wait 30 s before fetching it again for a new kid.
      expect(Date.parse(staged.body.safeToActivateAt!) - Date.parse(staged.body.createdAt)).toBe(90_000);
      const published = await jwks(slug);
      expect(published.headers['cache-control']).toBe('public, max-age=60');
      expect(published.body.keys).toEqual([{ kid: staged.body.keyId, kty: 'RSA', alg: 'RS256', use: 'sig', n: expect.any(String), e: 'AQAB' }]);
      expect(published.text).not.toMatch(/"d"|"p"|"q"/);

      expect((await admin.activate(slug, 1)).body).toMatchObject({ state: 'active', safeToActivateAt: null });
      const user = await endUser('salesforce');
      const { body, verdict } = await login(salesforce, slug, user);

      expect(verdict.reason).toBeUndefined();
      expect(verdict.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: staged.body.keyId });
      expect(verdict.claims).toEqual({ iss: issuer, sub: body.userId, iat: expect.any(Number), exp: expect.any(Number) });
      expect(body.handoff).toEqual({ setIdentityToken: { identityTokenType: 'JWT', identityToken: expect.any(String) } });
      expect(body.logout).toEqual({ call: 'embeddedservice_bootstrap.userVerificationAPI.clearSession(true)' });
    });

    it('rotates with both keys in the set and no failed login; a revoked key leaves the set at once and its tokens are refused', async () => {
      const before = await login(salesforce, slug, await endUser('before'));
      const next = await generate(slug);
      expect((await jwks(slug)).body.keys.map((key) => key.kid)).toEqual([next.body.keyId, before.verdict.header?.kid]);

      const verdicts = await loginsThroughout(salesforce, slug, async () => {
        expect((await admin.activate(slug, next.body.version)).status).toBe(200);
      });

      expect(refusals(verdicts)).toEqual([]);
      expect(await salesforce.verify(before.token)).toMatchObject({ accepted: true });
      expect((await admin.revoke(slug, 1)).status).toBe(200);
      expect((await jwks(slug)).body.keys.map((key) => key.kid)).toEqual([next.body.keyId]);
      expect(await salesforce.verify(before.token)).toEqual({ accepted: false, reason: 'ERR_JWKS_NO_MATCHING_KEY' });
      expect((await login(salesforce, slug, await endUser('after'))).verdict).toMatchObject({ accepted: true, header: { kid: next.body.keyId } });
    });

    it('has no key set for an unknown slug, a disabled integration or a shared-secret vendor: one 404, whatever the reason', async () => {
      const unknown = uniqueSlug('missing');
      const shared = uniqueSlug('jwks-zendesk');
      await create({ slug: shared, vendor: 'zendesk', settings: {}, secret: newSecret(), keyId: zendeskKeyId() });
      const disabled = uniqueSlug('jwks-disabled');
      await create({ slug: disabled, vendor: 'salesforce', settings: { issuer } });
      expect((await generate(disabled)).status).toBe(201);
      expect((await admin.update(disabled, { enabled: false })).status).toBe(200);

      const answers = await Promise.all([unknown, shared, disabled].map(async (target) => {
        const response = await jwks(target);
        const problem = expectProblem(response, 404);
        // Each answer has its own request id, and names the slug it was asked for.
        return { ...problem, requestId: undefined, detail: problem.detail.replace(target, '<slug>'), contentType: response.headers['content-type'], cacheControl: response.headers['cache-control'] };
      }));
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it('answers an unknown slug from memory for a while: repeated requests cost one database read, and a new integration is seen at once', async () => {
      const integrations = database.getRepository(IntegrationEntity);
      const reads = jest.spyOn(integrations, 'findOneBy');
      try {
        const unknown = uniqueSlug('jwks-unknown');
        for (let attempt = 0; attempt < 5; attempt += 1) expectProblem(await jwks(unknown), 404);
        expect(reads.mock.calls.filter(([where]) => (where as { slug?: string }).slug === unknown)).toHaveLength(1);

        // Created meanwhile: the change feed drops the remembered answer, here and on every instance.
        await create({ slug: unknown, vendor: 'salesforce', settings: { issuer } });
        expect(await msUntil(async () => (await jwks(unknown)).status === 200)).not.toBeNull();
      } finally {
        reads.mockRestore();
      }
    });
    it('refuses { generate: true } for a vendor that gave us a secret', async () => {
      const shared = uniqueSlug('generate-intercom');
      await create({ slug: shared, vendor: 'intercom', settings: { appId: 'abc12345' }, secret: newSecret() });
      expect(problemFields(expectProblem(await generate(shared), 400))).toEqual(['generate']);
    });

    it('takes no claims mapping: 400 on the unknown key', async () => {
      const response = await admin.create({ slug: uniqueSlug('salesforce-claims'), vendor: 'salesforce', settings: { issuer, claims: { sub: 'email' } } });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.claims');
    });

    it('the inspector verifies an RS256 token against the version that made it', async () => {
      const { token } = await login(salesforce, slug, await endUser('inspected'));
      const report = await admin.send<{ signature: Record<string, unknown>; ok: boolean }>('POST', `/v1/admin/integrations/${slug}/inspect`, { token });
      expect(report.status).toBe(200);
      expect(report.body.signature).toMatchObject({ valid: true, state: 'active', version: 2 });
      expect(report.body.ok).toBe(true);
    });
  });
});

describe('JWK Set route under the per-address rate limit (RATE_LIMIT_PER_IP_PER_MINUTE=5)', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_IP_PER_MINUTE: '5' });
    http = await listen(app);
  });

  afterAll(() => app.close());

  it('answers 429 with Retry-After once an address has spent its budget, however many slugs it tries', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await http.send('GET', `/v1/jwks/${uniqueSlug('scan')}`);
      statuses.push(response.status);
      if (response.status === 429) {
        expectProblem(response, 429);
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429, 429]);
  });
});
