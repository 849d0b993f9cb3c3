import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { DataSource } from 'typeorm';
import { adminApi, type AdminApi, expectProblem, type HttpClient, type IntegrationBody, listen, uniqueSlug } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { type FakeGladly, startFakeGladly } from './support/fake-gladly-server.js';
import {
  createIntegration,
  type IntegrationInput,
  ISO_INSTANT,
  issueForUser,
  LOWER_CASE_UUID,
  problemFields,
  requestAsUser,
  uniqueSub,
  verifyVendorToken,
} from './support/identity-api.js';

/** Seconds since the epoch, for sanity bounds on `iat` (never a timing assertion). */
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('Vendor strategies through POST /v1/identity/{integration}', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  let database: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
    database = app.get(DataSource);
  });

  afterAll(() => app.close());

  describe('Glassix', () => {
    const secret = `glassix-department-secret-${randomUUID()}`;
    const apiKey = randomUUID().toUpperCase();
    const slug = uniqueSlug('glassix');
    let created: IntegrationBody;

    beforeAll(async () => {
      created = await createIntegration(http, {
        slug,
        vendor: 'glassix',
        settings: { apiKey, snippetId: 'snippet-e2e', claims: { field1: 'name', field2: 'externalId', plan: 'attributes.plan' } },
        secret,
      });
    });

    it('stores the department API key lower-cased and never returns the secret', () => {
      expect(created).toMatchObject({ slug, vendor: 'glassix', settings: { apiKey: apiKey.toLowerCase() }, secret: { version: 1, state: 'active' } });
      expect(JSON.stringify(created)).not.toContain(secret);
    });

    it('answers the contract and a token Glassix accepts: iss, aud, sub, exp, fields and custom claims', async () => {
      const sub = uniqueSub('glassix');
      const body = await issueForUser(http, slug, sub, { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'gold' });

      expect(body).toEqual({
        integration: slug,
        vendor: 'glassix',
        logout: { call: 'widgetClient.destroy()' },
        userId: expect.stringMatching(LOWER_CASE_UUID),
        expiresAt: expect.stringMatching(ISO_INSTANT),
        handoff: {
          widgetOptions: {
            apiKey: apiKey.toLowerCase(),
            snippetId: 'snippet-e2e',
            uniqueIdentifier: body.userId,
            identityToken: expect.any(String),
          },
        },
      });
      const { identityToken } = body.handoff.widgetOptions as { identityToken: string };
      const { header, payload } = await verifyVendorToken(identityToken, secret);

      expect(header.alg).toBe('HS256');
      expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'field1', 'field2', 'iat', 'iss', 'plan', 'sub']);
      expect(payload).toMatchObject({ iss: apiKey.toLowerCase(), aud: body.userId, sub: '', field1: 'Ada Lovelace', field2: sub, plan: 'gold' });
      expect(payload.iss).toMatch(LOWER_CASE_UUID);
      expect(payload.aud).toMatch(LOWER_CASE_UUID);
      expect(payload.exp! - payload.iat!).toBe(5 * 60 * 60);
      expect(Math.abs(payload.iat! - nowSeconds())).toBeLessThan(300);
      expect(body.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
    });

    it('is signed with the department secret, not with the API key', async () => {
      const body = await issueForUser(http, slug, uniqueSub('glassix'), { email: 'x@example.com' });
      const { identityToken } = body.handoff.widgetOptions as { identityToken: string };
      await expect(verifyVendorToken(identityToken, apiKey.toLowerCase())).rejects.toThrow();
      await expect(verifyVendorToken(identityToken, `${secret}-not`)).rejects.toThrow();
    });

    it('keeps aud = uniqueIdentifier identical at every login of the same user', async () => {
      const sub = uniqueSub('glassix');
      const first = await issueForUser(http, slug, sub);
      const second = await issueForUser(http, slug, sub, { name: 'Renamed' });
      const audOf = async (identity: typeof first): Promise<unknown> =>
        (await verifyVendorToken((identity.handoff.widgetOptions as { identityToken: string }).identityToken, secret)).payload.aud;
      expect(second.userId).toBe(first.userId);
      expect(await audOf(first)).toBe(first.userId);
      expect(await audOf(second)).toBe(first.userId);
      expect((second.handoff.widgetOptions as { uniqueIdentifier: string }).uniqueIdentifier).toBe(first.userId);
    });

    it('leaves unmapped or absent values out instead of sending empty claims', async () => {
      const body = await issueForUser(http, slug, uniqueSub('glassix'));
      const { payload } = await verifyVendorToken((body.handoff.widgetOptions as { identityToken: string }).identityToken, secret);
      expect(payload).not.toHaveProperty('field1');
      expect(payload).not.toHaveProperty('plan');
    });

    it('accepts custom claims of exactly 500 JSON characters', async () => {
      // {"plan":"…"} is 11 characters plus the value.
      const body = await issueForUser(http, slug, uniqueSub('glassix'), { plan: 'p'.repeat(489) });
      const { payload } = await verifyVendorToken((body.handoff.widgetOptions as { identityToken: string }).identityToken, secret);
      expect(JSON.stringify({ plan: payload.plan })).toHaveLength(500);
    });

    it('answers 422 naming the 500-character rule one character over, and issues no token', async () => {
      const response = await requestAsUser(http, slug, uniqueSub('glassix'), { plan: 'p'.repeat(490) });
      const problem = expectProblem(response, 422);
      expect(problem.detail).toMatch(/500 characters/);
      expect(problem.detail).toMatch(/501/);
      expect(response.text).not.toMatch(/identityToken|eyJ/);
    });

    it('honours a configured token lifetime', async () => {
      const shortSlug = uniqueSlug('glassix-ttl');
      await createIntegration(http, { slug: shortSlug, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's', tokenTtlSeconds: 7200 }, secret });
      const body = await issueForUser(http, shortSlug, uniqueSub('glassix'));
      const { payload } = await verifyVendorToken((body.handoff.widgetOptions as { identityToken: string }).identityToken, secret);
      expect(payload.exp! - payload.iat!).toBe(7200);
    });

    it('rejects an API key that is not a UUID, naming settings.apiKey', async () => {
      const response = await admin.create({ slug: uniqueSlug('glassix-bad'), vendor: 'glassix', settings: { apiKey: 'not-a-uuid', snippetId: 's' }, secret });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.apiKey');
    });
  });

  describe('Decimal', () => {
    const secret = `decimal-jwt-signing-secret-${randomUUID()}`;
    const slug = uniqueSlug('decimal');
    const escalationOffSlug = uniqueSlug('decimal-noesc');

    beforeAll(async () => {
      await createIntegration(http, { slug, vendor: 'decimal', settings: { claims: { plan: 'attributes.plan', customer_id: 'externalId' } }, secret });
      await createIntegration(http, { slug: escalationOffSlug, vendor: 'decimal', settings: { disableEscalation: true, tokenTtlSeconds: 600 }, secret });
    });

    it('answers the contract and a token Decimal accepts: email, name, disable_escalation, exp <= 1 h, custom claims', async () => {
      const sub = uniqueSub('decimal');
      const body = await issueForUser(http, slug, sub, { email: 'grace@example.com', name: 'Grace Hopper', plan: 'silver' });

      expect(body).toEqual({
        integration: slug,
        vendor: 'decimal',
        logout: { call: 'Decimal.shutdown()' },
        userId: expect.stringMatching(LOWER_CASE_UUID),
        expiresAt: expect.stringMatching(ISO_INSTANT),
        handoff: { boot: { user_token: expect.any(String) } },
      });
      const { header, payload } = await verifyVendorToken((body.handoff.boot as { user_token: string }).user_token, secret);
      expect(header.alg).toBe('HS256');
      expect(Object.keys(payload).sort()).toEqual(['customer_id', 'disable_escalation', 'email', 'exp', 'iat', 'name', 'plan']);
      expect(payload).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper', disable_escalation: false, plan: 'silver', customer_id: sub });
      expect(payload.exp! - payload.iat!).toBe(3600);
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60 * 60);
      expect(body.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
    });

    it('sets disable_escalation: true and a shorter lifetime when configured', async () => {
      const body = await issueForUser(http, escalationOffSlug, uniqueSub('decimal'), { email: 'e@example.com' });
      const { payload } = await verifyVendorToken((body.handoff.boot as { user_token: string }).user_token, secret);
      expect(payload.disable_escalation).toBe(true);
      expect(payload.exp! - payload.iat!).toBe(600);
      expect(payload).not.toHaveProperty('name');
    });

    it('answers 422 naming the email rule for a user without an email, and issues no token', async () => {
      const response = await requestAsUser(http, slug, uniqueSub('decimal'), { name: 'No Mail' });
      const problem = expectProblem(response, 422);
      expect(problem.detail).toMatch(/Decimal requires an email/);
      expect(response.text).not.toMatch(/user_token|eyJ/);
    });

    it('refuses a token lifetime over the recommended 1 hour, naming settings.tokenTtlSeconds', async () => {
      const response = await admin.create({ slug: uniqueSlug('decimal-long'), vendor: 'decimal', settings: { tokenTtlSeconds: 3601 }, secret });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.tokenTtlSeconds');
    });
  });

  describe('Tiledesk', () => {
    const secret = `tiledesk-project-shared-secret-${randomUUID()}`;
    const projectId = '65c5f2a1b2c3d4e5f6a7b8c9';
    const slug = uniqueSlug('tiledesk');

    beforeAll(async () => {
      await createIntegration(http, { slug, vendor: 'tiledesk', settings: { projectId, claims: { plan: 'attributes.plan', ref: 'externalId' } }, secret });
    });

    it('answers the contract: tiledeskSettings and a `JWT `-prefixed token with _id, sub, aud, email, names and attributes', async () => {
      const sub = uniqueSub('tiledesk');
      const body = await issueForUser(http, slug, sub, { email: 'ada@example.com', name: 'Ada King Lovelace', plan: 'gold' });

      expect(body).toEqual({
        integration: slug,
        vendor: 'tiledesk',
        logout: { call: "window.Tiledesk('logout')" },
        userId: expect.stringMatching(LOWER_CASE_UUID),
        expiresAt: expect.stringMatching(ISO_INSTANT),
        handoff: {
          tiledeskSettings: { projectid: projectId, autoStart: false },
          signInWithCustomToken: expect.stringMatching(/^JWT [\w-]+\.[\w-]+\.[\w-]+$/),
        },
      });
      const token = (body.handoff.signInWithCustomToken as string).slice('JWT '.length);
      const { header, payload } = await verifyVendorToken(token, secret);
      expect(header.alg).toBe('HS256');
      expect(Object.keys(payload).sort()).toEqual(['_id', 'attributes', 'aud', 'email', 'exp', 'firstname', 'iat', 'lastname', 'sub']);
      expect(payload).toEqual({
        _id: `${projectId}_${body.userId}`,
        sub: 'userexternal',
        aud: `https://tiledesk.com/projects/${projectId}`,
        email: 'ada@example.com',
        firstname: 'Ada',
        lastname: 'King Lovelace',
        attributes: { plan: 'gold', ref: sub },
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(payload).not.toHaveProperty('role');
      expect(payload.exp! - payload.iat!).toBe(3600);
      expect(body.expiresAt).toBe(new Date(payload.exp! * 1000).toISOString());
    });

    it('answers 422 naming the email rule for a user without an email', async () => {
      const response = await requestAsUser(http, slug, uniqueSub('tiledesk'), { name: 'No Mail' });
      expect(expectProblem(response, 422).detail).toMatch(/Tiledesk requires an email/);
      expect(response.text).not.toMatch(/JWT |eyJ/);
    });

    it('refuses a project id that would make _id ambiguous, naming settings.projectId', async () => {
      const response = await admin.create({ slug: uniqueSlug('tiledesk-bad'), vendor: 'tiledesk', settings: { projectId: 'a_b' }, secret });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.projectId');
    });
  });

  describe('Gladly, standard mode', () => {
    const slug = uniqueSlug('gladly-std');

    beforeAll(async () => {
      await createIntegration(http, { slug, vendor: 'gladly', settings: { mode: 'standard' } });
    });

    it('answers setUser({ name, email }) and no token', async () => {
      const body = await issueForUser(http, slug, uniqueSub('gladly'), { email: 'ada@example.com', name: 'Ada Lovelace', phone_number: '+14155550123' });
      expect(body).toEqual({
        integration: slug,
        vendor: 'gladly',
        logout: { call: 'Gladly.clearUser()' },
        userId: expect.stringMatching(LOWER_CASE_UUID),
        expiresAt: expect.stringMatching(ISO_INSTANT),
        handoff: { setUser: { name: 'Ada Lovelace', email: 'ada@example.com' } },
      });
      expect(Date.parse(body.expiresAt ?? '')).toBeGreaterThan(Date.now());
    });

    it('answers setUser({ name, phone }) for a user with a phone number only', async () => {
      const body = await issueForUser(http, slug, uniqueSub('gladly'), { name: 'Phone Only', phone_number: '+14155550123' });
      expect(body.handoff).toEqual({ setUser: { name: 'Phone Only', phone: '+14155550123' } });
    });

    it('answers 422 for a user with neither email nor phone', async () => {
      const response = await requestAsUser(http, slug, uniqueSub('gladly'), { name: 'Nobody' });
      expect(expectProblem(response, 422).detail).toMatch(/email or phone/);
    });
  });

  describe('Gladly, jwt mode (against a fake Gladly)', () => {
    let gladly: FakeGladly;
    const slug = uniqueSlug('gladly-jwt');

    beforeAll(async () => {
      gladly = await startFakeGladly({ apiUser: 'api-user@example.com', apiToken: `gladly-api-token-${randomUUID()}` });
      await createIntegration(http, {
        slug,
        vendor: 'gladly',
        settings: { mode: 'jwt', baseUrl: gladly.url, apiUser: gladly.apiUser },
        secret: gladly.apiToken,
      });
    });

    afterAll(() => gladly.close());

    it('mints a JWT with the API user credentials and answers setUser({ name, email, jwt })', async () => {
      const email = `${randomUUID()}@example.com`;
      const body = await issueForUser(http, slug, uniqueSub('gladly'), { email, name: 'Ada Lovelace' });

      const calls = gladly.requests.filter((request) => (request.body as { identity?: string }).identity === email);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({
        method: 'POST',
        path: '/api/v1/user-identity-jwt',
        authUser: gladly.apiUser,
        authorization: `Basic ${Buffer.from(`${gladly.apiUser}:${gladly.apiToken}`).toString('base64')}`,
        body: { identityType: 'EMAIL', identity: email },
        status: 200,
      });
      expect(body).toEqual({
        integration: slug,
        vendor: 'gladly',
        logout: { call: 'Gladly.clearUser()' },
        userId: expect.stringMatching(LOWER_CASE_UUID),
        expiresAt: expect.stringMatching(ISO_INSTANT),
        handoff: { setUser: { name: 'Ada Lovelace', email, jwt: calls[0].token } },
      });
      // Gladly signs it with its own key: we can only read its expiry, which becomes expiresAt.
      expect(body.expiresAt).toBe(new Date(decodeJwt(calls[0].token!).exp! * 1000).toISOString());
    });

    it('mints for the E.164 phone number when the user has no email', async () => {
      const phone = `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
      const body = await issueForUser(http, slug, uniqueSub('gladly'), { phone_number: phone });
      const call = gladly.requests.find((request) => (request.body as { identity?: string }).identity === phone);
      expect(call?.body).toEqual({ identityType: 'MOBILE_PHONE_NUMBER', identity: phone });
      expect(body.handoff).toEqual({ setUser: { phone, jwt: call?.token } });
    });

    it('requires baseUrl and apiUser in jwt mode, naming them', async () => {
      const response = await admin.create({ slug: uniqueSlug('gladly-bad'), vendor: 'gladly', settings: { mode: 'jwt' }, secret: gladly.apiToken });
      expect(problemFields(expectProblem(response, 400))).toEqual(expect.arrayContaining(['settings.baseUrl', 'settings.apiUser']));
    });
  });

  describe('reserved claims can never be set by a mapping', () => {
    const validSettings: Record<string, Record<string, unknown>> = {
      glassix: { apiKey: randomUUID(), snippetId: 'snippet' },
      decimal: {},
      tiledesk: { projectId: 'reserved-project' },
    };
    const secret = `reserved-claims-secret-${randomUUID()}`;
    const reserved = ['role', '_id', 'aud', 'iss', 'exp', 'sub', 'iat', 'nbf', 'jti', 'Role'];
    const cases = Object.keys(validSettings).flatMap((vendor) => reserved.map((claim) => [vendor, claim] as const));

    it.each(cases)('%s: creating an integration that maps %s is rejected 400, naming the field, and nothing is stored', async (vendor, claim) => {
      const slug = uniqueSlug(`reserved-${vendor}`);
      const response = await admin.create({ slug, vendor, settings: { ...validSettings[vendor], claims: { [claim]: 'name' } }, secret });
      const problem = expectProblem(response, 400);
      expect(problemFields(problem)).toContain(`settings.claims.${claim}`);
      expect((await admin.get(slug)).status).toBe(404);
    });

    it.each([
      ['decimal', 'email'],
      ['decimal', 'disable_escalation'],
      ['tiledesk', 'attributes'],
      ['tiledesk', 'email'],
    ])("%s: the vendor's own claim %s cannot be mapped either", async (vendor, claim) => {
      const response = await admin.create({ slug: uniqueSlug(`own-${vendor}`), vendor, settings: { ...validSettings[vendor], claims: { [claim]: 'name' } }, secret });
      expect(problemFields(expectProblem(response, 400))).toContain(`settings.claims.${claim}`);
    });

    it('a PATCH cannot add a reserved mapping to an existing integration', async () => {
      const slug = uniqueSlug('reserved-patch');
      await createIntegration(http, { slug, vendor: 'tiledesk', settings: validSettings.tiledesk, secret });
      const response = await admin.update(slug, { settings: { claims: { role: 'attributes.role' } } });
      expect(problemFields(expectProblem(response, 400))).toContain('settings.claims.role');
      const body = await issueForUser(http, slug, uniqueSub('patch'), { email: 'p@example.com' });
      const { payload } = await verifyVendorToken((body.handoff.signInWithCustomToken as string).slice(4), secret);
      expect(payload).not.toHaveProperty('role');
    });

    it('gladly has no claims setting: a mapping is rejected as an unknown key', async () => {
      const response = await admin.create({ slug: uniqueSlug('reserved-gladly'), vendor: 'gladly', settings: { mode: 'standard', claims: { role: 'name' } } });
      expect(problemFields(expectProblem(response, 400)).some((field) => field.startsWith('settings.claims'))).toBe(true);
    });

    /** Creates a clean integration, then writes a bad mapping behind the admin API's back. */
    const withStoredMapping = async (vendor: string, claims: Record<string, string>): Promise<string> => {
      const input: IntegrationInput = { slug: uniqueSlug(`tampered-${vendor}`), vendor, settings: validSettings[vendor], secret };
      await createIntegration(http, input);
      await database.query(`UPDATE chat_identity.integration SET settings = jsonb_set(settings, '{claims}', $2::jsonb) WHERE slug = $1`, [
        input.slug,
        JSON.stringify(claims),
      ]);
      return input.slug;
    };

    it.each(
      Object.keys(validSettings).flatMap((vendor) => ['role', '_id', 'aud', 'iss', 'exp', 'sub'].map((claim) => [vendor, claim] as const)),
    )('%s: a %s mapping written straight into the database yields a 422 problem naming it, never a token', async (vendor, claim) => {
      const slug = await withStoredMapping(vendor, { [claim]: 'attributes.plan' });
      const response = await requestAsUser(http, slug, uniqueSub('tampered'), { email: 'evil@example.com', plan: 'owner' });
      const problem = expectProblem(response, 422);
      expect(problem.detail).toContain(`"${claim}"`);
      expect(problem.detail).toMatch(/reserved/);
      expect(response.text).not.toMatch(/eyJ|identityToken|user_token|signInWithCustomToken/);
    });

    it('serves again, without the reserved claim, once an admin replaces the tampered mapping', async () => {
      const slug = await withStoredMapping('tiledesk', { role: 'attributes.plan' });
      const claims = { email: 'owner@example.com', plan: 'owner' };
      expectProblem(await requestAsUser(http, slug, uniqueSub('tampered'), claims), 422);

      expect((await admin.update(slug, { settings: { claims: { plan: 'attributes.plan' } } })).status).toBe(200);
      const body = await issueForUser(http, slug, uniqueSub('repaired'), claims);
      const { payload } = await verifyVendorToken((body.handoff.signInWithCustomToken as string).slice('JWT '.length), secret);
      expect(payload).not.toHaveProperty('role');
      expect(payload.attributes).toEqual({ plan: 'owner' });
    });
  });
});
