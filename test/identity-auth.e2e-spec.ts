import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ADMIN_KEY, SERVICE_KEY, startTestApp, USER_TOKEN_SECRET } from './support/app.js';
import { adminApi, expectProblem, type HttpClient, type HttpResponse, listen, uniqueSlug, type WidgetIdentityBody } from './support/admin-api.js';
import { bearer, userToken } from './support/tokens.js';
import {
  createIntegration,
  expectIdentity,
  issueForUser,
  problemFields,
  requestAsUser,
  requestIdentity,
  uniqueSub,
  verifyVendorToken,
} from './support/identity-api.js';

const userKey = new TextEncoder().encode(USER_TOKEN_SECRET);
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A token signed with the identity provider's secret, with full control over its claims. */
function signedUserToken(claims: Record<string, unknown>, alg = 'HS256', key: Uint8Array = userKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

/** header.payload.signature assembled by hand, HMAC-SHA256 over the first two with `secret` (or a fixed signature). */
function handMadeToken(header: Record<string, unknown>, payload: Record<string, unknown>, signature?: string): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${signature ?? createHmac('sha256', USER_TOKEN_SECRET).update(signingInput).digest('base64url')}`;
}

/** What every refused caller gets: a 401 problem that invites a bearer token, and nothing like a token. */
function expectUnauthorized(response: HttpResponse): void {
  expectProblem(response, 401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  expect(response.text).not.toMatch(/handoff|identityToken|userId/);
}

describe('Who may ask for a widget identity: POST /v1/identity/{integration}', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  const secret = `glassix-department-secret-${randomUUID()}`;
  const slug = uniqueSlug('auth-glassix');
  const decimalSlug = uniqueSlug('auth-decimal');

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    await createIntegration(http, { slug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 'snippet' }, secret });
    await createIntegration(http, { slug: decimalSlug, vendor: 'decimal', settings: {}, secret });
  });

  afterAll(() => app.close());

  describe('bearer tokens from the identity provider', () => {
    it('answers 401 with WWW-Authenticate and no token when no credentials are sent', async () => {
      expectUnauthorized(await requestIdentity(http, slug));
    });

    it('accepts a genuine token (the baseline the forgeries below are measured against)', async () => {
      const sub = uniqueSub();
      const body = await issueForUser(http, slug, sub);
      expect(body.integration).toBe(slug);
      const expiredWithinSkew = await signedUserToken({ sub, iat: nowSeconds() - 600, exp: nowSeconds() - 5 });
      expectIdentity(await requestIdentity(http, slug, { headers: bearer(expiredWithinSkew) }));
    });

    const forgeries: Array<[string, () => Promise<string> | string]> = [
      ['signed with the wrong key', () => signedUserToken({ sub: uniqueSub(), exp: nowSeconds() + 300 }, 'HS256', new TextEncoder().encode(`${USER_TOKEN_SECRET}-wrong`))],
      ['alg: none with an empty signature', () => handMadeToken({ alg: 'none', typ: 'JWT' }, { sub: uniqueSub(), exp: nowSeconds() + 300 }, '')],
      ['alg: none with the HS256 signature kept', () => handMadeToken({ alg: 'none' }, { sub: uniqueSub(), exp: nowSeconds() + 300 })],
      ['HS512 with the right secret', () => signedUserToken({ sub: uniqueSub(), exp: nowSeconds() + 300 }, 'HS512')],
      ['HS384 with the right secret', () => signedUserToken({ sub: uniqueSub(), exp: nowSeconds() + 300 }, 'HS384')],
      ['an RS256 header over an HMAC made with the secret (key confusion)', () => handMadeToken({ alg: 'RS256', typ: 'JWT' }, { sub: uniqueSub(), exp: nowSeconds() + 300 })],
      [
        'RS256, signed with an unknown private key',
        () => {
          const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
          return new SignJWT({ sub: uniqueSub(), exp: nowSeconds() + 300 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
        },
      ],
      ['expired beyond the 30 s clock skew', () => signedUserToken({ sub: uniqueSub(), iat: nowSeconds() - 600, exp: nowSeconds() - 120 })],
      ['not valid yet (nbf beyond the skew)', () => signedUserToken({ sub: uniqueSub(), nbf: nowSeconds() + 600, exp: nowSeconds() + 900 })],
      ['without a sub', () => signedUserToken({ email: 'nosub@example.com', exp: nowSeconds() + 300 })],
      ['with an empty sub', () => signedUserToken({ sub: '', exp: nowSeconds() + 300 })],
      ['with a numeric sub', () => signedUserToken({ sub: 42, exp: nowSeconds() + 300 })],
      ['with a sub over 255 characters', () => signedUserToken({ sub: 'x'.repeat(256), exp: nowSeconds() + 300 })],
      ['with a tampered payload', async () => {
        const [header, , signature] = (await userToken(uniqueSub())).split('.');
        return `${header}.${base64url(JSON.stringify({ sub: 'admin', exp: nowSeconds() + 300 }))}.${signature}`;
      }],
      ['abc', () => 'abc'],
      ['a.b.c', () => 'a.b.c'],
      ['non-JSON segments', () => `${base64url('not json')}.${base64url('{still not')}.${base64url('sig')}`],
      ['a JSON array as payload', () => handMadeToken({ alg: 'HS256', typ: 'JWT' }, [] as unknown as Record<string, unknown>)],
      ['two segments only', () => `${base64url('{"alg":"HS256"}')}.${base64url('{"sub":"x"}')}`],
    ];

    it.each(forgeries)('answers 401 problem+json, never a token or a 500, for a bearer token %s', async (_label, forge) => {
      const token = await forge();
      expectUnauthorized(await requestIdentity(http, slug, { headers: bearer(token) }));
    });

    it.each([
      ['an empty bearer', 'Bearer '],
      ['another scheme', `Basic ${base64url(`user:${USER_TOKEN_SECRET}`)}`],
      ['a bare token without a scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ])('answers 401 for %s in the Authorization header', async (_label, authorization) => {
      expectUnauthorized(await requestIdentity(http, slug, { headers: { authorization } }));
    });

    it("ignores a subject in a bearer request's body: the token's sub wins", async () => {
      const sub = uniqueSub('real');
      const other = uniqueSub('victim');
      const victim = expectIdentity(
        await requestIdentity(http, slug, { headers: { 'x-service-key': SERVICE_KEY }, body: { subject: { externalId: other } } }),
      );
      const own = await issueForUser(http, slug, sub);

      const token = await userToken(sub);
      const spoofed = expectIdentity(
        await requestIdentity(http, slug, { headers: bearer(token), body: { subject: { externalId: other, email: 'victim@example.com' } } }),
      );
      expect(spoofed.userId).toBe(own.userId);
      expect(spoofed.userId).not.toBe(victim.userId);
      const { payload } = await verifyVendorToken((spoofed.handoff.widgetOptions as { identityToken: string }).identityToken, secret);
      expect(payload.aud).toBe(own.userId);
    });

    it('takes the email for the vendor from the token, not from the body', async () => {
      const response = await requestIdentity(http, decimalSlug, {
        headers: bearer(await userToken(uniqueSub(), { email: 'token@example.com' })),
        body: { subject: { externalId: 'someone-else', email: 'body@example.com' } },
      });
      const { payload } = await verifyVendorToken((expectIdentity(response).handoff.boot as { user_token: string }).user_token, secret);
      expect(payload.email).toBe('token@example.com');
    });
  });

  describe('trusted server mode (X-Service-Key + subject)', () => {
    const asServer = (body: unknown, key = SERVICE_KEY) =>
      requestIdentity(http, decimalSlug, { headers: { 'x-service-key': key }, body });

    it('issues for the named subject, with the same user id a bearer token for it gets', async () => {
      const externalId = uniqueSub('bff');
      const body = expectIdentity(await asServer({ subject: { externalId, email: 'bff@example.com', name: 'Bea Frontend', phone: '+14155550123', attributes: { plan: 'gold' } } }));
      const { payload } = await verifyVendorToken((body.handoff.boot as { user_token: string }).user_token, secret);
      expect(payload).toMatchObject({ email: 'bff@example.com', name: 'Bea Frontend' });
      const viaBearer = await issueForUser(http, decimalSlug, externalId, { email: 'bff@example.com' });
      expect(viaBearer.userId).toBe(body.userId);
    });

    it.each([
      ['a wrong service key', 'not-the-trusted-service-key-000000'],
      ['an empty service key', ''],
      ['the admin key', ADMIN_KEY],
    ])('answers 401 for %s, even with a valid subject', async (_label, key) => {
      expectUnauthorized(await asServer({ subject: { externalId: uniqueSub(), email: 'x@example.com' } }, key));
    });

    it('does not fall back to a valid bearer token when the service key is wrong', async () => {
      const response = await requestIdentity(http, decimalSlug, {
        headers: { 'x-service-key': 'not-the-trusted-service-key-000000', ...bearer(await userToken(uniqueSub(), { email: 'x@example.com' })) },
        body: { subject: { externalId: uniqueSub(), email: 'x@example.com' } },
      });
      expectUnauthorized(response);
    });

    it.each([{}, { subject: null }, { subject: 'user-1' }])('answers 400 naming subject when it is missing (%p)', async (payload) => {
      expect(problemFields(expectProblem(await asServer(payload), 400))).toContain('subject');
    });

    it.each([
      ['a bad email', { email: 'not-an-email' }, 'subject.email'],
      ['a phone number not in E.164', { phone: '0415 555 0123' }, 'subject.phone'],
      ['an external id over 255 characters', { externalId: 'x'.repeat(256) }, 'subject.externalId'],
      ['an empty external id', { externalId: '' }, 'subject.externalId'],
      ['attributes that are not an object', { attributes: 'gold' }, 'subject.attributes'],
      ['an unknown field', { role: 'admin' }, 'subject.role'],
    ])('answers 400 naming the field for %s', async (_label, override, field) => {
      const response = await asServer({ subject: { externalId: uniqueSub(), email: 'ok@example.com', ...override } });
      const problem = expectProblem(response, 400);
      expect(problemFields(problem)).toContain(field);
      expect(response.text).not.toMatch(/user_token/);
    });
  });

  describe('request and integration problems', () => {
    it('answers 400 problem+json for a malformed JSON body', async () => {
      const response = await requestIdentity(http, slug, { headers: bearer(await userToken(uniqueSub())), rawBody: '{"subject": ' });
      expectProblem(response, 400);
    });

    it.each([
      ['an unknown top-level field', '{"role":"admin"}', 'role'],
      ['a subject that is not an object', '{"subject":"user-1"}', 'subject'],
      ['an invalid subject, even though an end user’s subject is ignored', '{"subject":{"externalId":""}}', 'subject.externalId'],
      ['an array', '[{}]', 'body'],
      ['a bare string', '"hello"', 'body'],
    ])('answers 400 naming the field when an end user sends %s', async (_label, rawBody, field) => {
      const response = await requestIdentity(http, slug, { headers: bearer(await userToken(uniqueSub())), rawBody });
      expect(problemFields(expectProblem(response, 400))).toContain(field);
    });

    it.each([
      ['`{}`', '{}'],
      ['no body at all', undefined],
      ['a valid subject, which is ignored', '{"subject":{"externalId":"someone-else"}}'],
    ])('issues for an end user who sends %s', async (_label, rawBody) => {
      const sub = uniqueSub();
      const headers = bearer(await userToken(sub));
      const response =
        rawBody === undefined
          ? await http.send<WidgetIdentityBody>('POST', `/v1/identity/${slug}`, { headers })
          : await requestIdentity(http, slug, { headers, rawBody });
      const identity = expectIdentity(response);
      expect(identity.userId).toBe(expectIdentity(await requestAsUser(http, slug, sub)).userId);
    });

    it('answers 404 for an unknown integration', async () => {
      const response = await requestAsUser(http, uniqueSlug('missing'), uniqueSub());
      expect(expectProblem(response, 404).detail).toMatch(/integration/i);
    });

    it.each([
      ['a slug longer than any integration', `/v1/identity/${'a'.repeat(300)}`, 404],
      ["a slug past the router's parameter limit", `/v1/identity/${'a'.repeat(5000)}`, 414],
      ['a malformed percent-encoding', '/v1/identity/%E0%A4%A', 400],
    ])('answers problem+json with a request id, never a token, for %s', async (_label, url, status) => {
      const response = await http.send('POST', url, { headers: bearer(await userToken(uniqueSub())), body: {} });
      const problem = expectProblem(response, status);
      expect(problem.requestId).toBe(response.headers['x-request-id']);
    });

    it('answers 404 for an integration created disabled, and for one disabled after use', async () => {
      const disabled = uniqueSlug('disabled');
      await createIntegration(http, { slug: disabled, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret, enabled: false });
      expectProblem(await requestAsUser(http, disabled, uniqueSub()), 404);

      const laterDisabled = uniqueSlug('later-disabled');
      await createIntegration(http, { slug: laterDisabled, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret });
      await issueForUser(http, laterDisabled, uniqueSub());
      expect((await adminApi(http).update(laterDisabled, { enabled: false })).status).toBe(200);
      expectProblem(await requestAsUser(http, laterDisabled, uniqueSub()), 404);
    });

    it('answers 503 problem (with Retry-After) once the only secret is revoked, and never signs with it', async () => {
      const revokedSlug = uniqueSlug('revoked');
      await createIntegration(http, { slug: revokedSlug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret });
      await issueForUser(http, revokedSlug, uniqueSub());
      expect((await adminApi(http).revoke(revokedSlug, 1, { force: true })).body).toMatchObject({ version: 1, state: 'revoked' });

      const response = await requestAsUser(http, revokedSlug, uniqueSub());
      const problem = expectProblem(response, 503);
      expect(problem.detail).toMatch(/secret/);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.text).not.toMatch(/identityToken|eyJ/);
    });
  });
});

describe('Issuer and audience checks (AUTH_ISSUER / AUTH_AUDIENCE set)', () => {
  const issuer = 'https://idp.example.com/';
  const audience = 'chat-identity-e2e';
  let app: NestFastifyApplication;
  let http: HttpClient;
  const slug = uniqueSlug('iss-aud');

  beforeAll(async () => {
    app = await startTestApp({ AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience });
    http = await listen(app);
    await createIntegration(http, { slug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret: `glassix-secret-${randomUUID()}` });
  });

  afterAll(() => app.close());

  it('accepts a token from the configured issuer for the configured audience', async () => {
    expectIdentity(await requestAsUser(http, slug, uniqueSub(), { iss: issuer, aud: audience }));
    expectIdentity(await requestAsUser(http, slug, uniqueSub(), { iss: issuer, aud: ['other-api', audience] }));
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example.com/', aud: audience }, /iss/],
    ['a wrong audience', { iss: issuer, aud: 'another-api' }, /aud/],
    ['no issuer', { aud: audience }, /iss/],
    ['no audience', { iss: issuer }, /aud/],
  ])('answers 401 naming the claim for %s', async (_label, claims, named) => {
    const response = await requestAsUser(http, slug, uniqueSub(), claims);
    expectUnauthorized(response);
    expect(expectProblem(response, 401).detail).toMatch(named);
  });
});

describe('Rate limiting (RATE_LIMIT_PER_SUBJECT_PER_MINUTE=3)', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  const slug = uniqueSlug('rate');

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '3' });
    http = await listen(app);
    await createIntegration(http, { slug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret: `glassix-secret-${randomUUID()}` });
  });

  afterAll(() => app.close());

  it('answers the 4th request of a user in a minute with 429 and Retry-After, while another user is still served', async () => {
    const sub = uniqueSub('busy');
    for (let attempt = 0; attempt < 3; attempt += 1) expectIdentity(await requestAsUser(http, slug, sub));

    const fourth = await requestAsUser(http, slug, sub);
    expectProblem(fourth, 429);
    const retryAfter = Number(fourth.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(fourth.text).not.toMatch(/identityToken/);

    expectIdentity(await requestAsUser(http, slug, uniqueSub('calm')));
  });

  it('counts a user the same whether the token changes or not (keyed by subject, not by token)', async () => {
    const sub = uniqueSub('rotating');
    for (let attempt = 0; attempt < 3; attempt += 1) expectIdentity(await requestAsUser(http, slug, sub, { nonce: randomUUID() }));
    expectProblem(await requestAsUser(http, slug, sub, { nonce: randomUUID() }), 429);
  });
});
