import { createSecretKey, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type FakeHubSpot, startFakeHubSpot } from '../../../test/support/fake-hubspot-server.js';
import { FAKE_VENDOR_ORIGINS } from '../../../test/support/fake-vendor-server.js';
import { identityClaims, rejectionOf, settingsProblemsOf } from '../../../test/support/vendor-spec-kit.js';
import type { MintedTokenClientOptions } from '../minted-token/minted-token-client.options.js';
import type { IdentityClaims, IntegrationRef, SigningKey } from '../vendor-strategy.js';
import type { HubSpotSettings } from './hubspot.settings.js';
import { HubSpotStrategy } from './hubspot.strategy.js';
import { type VendorsException, VendorsExceptionCode } from '../../vendors/vendors.exception.js';

const FAST_RETRIES: Partial<MintedTokenClientOptions> = { timeoutMs: 2000, backoffBaseMs: 10, totalBudgetMs: 5000 };
const TWELVE_HOURS_MS = 12 * 3600 * 1000;

const keyOf = (token: string, version = 1): SigningKey => ({ version, fingerprint: 'x', key: createSecretKey(Buffer.from(token)) });
const newStrategy = (): HubSpotStrategy => new HubSpotStrategy({ masterKeys: [], vendorHostAllowlist: [FAKE_VENDOR_ORIGINS] }, FAST_RETRIES);
const claimsOf = (overrides: Partial<IdentityClaims> = {}): IdentityClaims => identityClaims({ userId: randomUUID(), ...overrides });

describe('HubSpotStrategy settings', () => {
  const strategy = newStrategy();

  it('defaults baseUrl to https://api.hubapi.com and accepts an allow-listed loopback http one', () => {
    expect(strategy.parseSettings({}).baseUrl).toBe('https://api.hubapi.com');
    expect(strategy.parseSettings({ baseUrl: 'http://127.0.0.1:8080' }).baseUrl).toBe('http://127.0.0.1:8080');
  });

  it('refuses any other host, a loopback one included, without an allow-list', () => {
    const strict = new HubSpotStrategy({ masterKeys: [] });
    for (const baseUrl of ['http://127.0.0.1:8080', 'https://169.254.169.254', 'https://metadata.google.internal', 'https://10.0.0.7', 'https://api.hubapi.com.evil.example']) {
      expect(settingsProblemsOf(strict, { baseUrl }).fields).toEqual(['settings.baseUrl']);
    }
  });

  it('rejects unknown keys, a claims mapping, plain http to a remote host and a path', () => {
    expect(settingsProblemsOf(strategy, { portalId: 42 })).toEqual({ code: 'validation_failed', fields: ['settings.portalId'] });
    expect(settingsProblemsOf(strategy, { claims: { plan: 'attributes.plan' } }).fields).toContain('settings.claims');
    expect(settingsProblemsOf(strategy, { baseUrl: 'http://api.hubapi.com' }).fields).toEqual(['settings.baseUrl']);
    expect(settingsProblemsOf(strategy, { baseUrl: 'https://api.hubapi.com/v3' }).fields).toEqual(['settings.baseUrl']);
  });
});

describe('HubSpotStrategy against a fake HubSpot', () => {
  let hubspot: FakeHubSpot;
  let strategy: HubSpotStrategy;
  let integration: IntegrationRef<HubSpotSettings>;
  let signingKey: SigningKey;

  beforeEach(async () => {
    hubspot = await startFakeHubSpot();
    strategy = newStrategy();
    integration = { id: randomUUID(), slug: 'hubspot-chat', vendor: 'hubspot', settings: strategy.parseSettings({ baseUrl: hubspot.url }) };
    signingKey = keyOf(hubspot.privateAppToken);
  });

  afterEach(() => hubspot.close());

  it('hands off hsConversationsSettings with the token HubSpot minted, valid 12 hours', async () => {
    const before = Date.now();
    const issued = await strategy.issue({ integration, claims: claimsOf(), signingKey });
    expect(hubspot.requests).toHaveLength(1);
    expect(issued.handoff).toEqual({
      hsConversationsSettings: { loadImmediately: false, identificationEmail: 'ada@example.com', identificationToken: hubspot.requests[0].token },
    });
    expect(issued.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + TWELVE_HOURS_MS);
    expect(issued.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + TWELVE_HOURS_MS);
  });

  it('sends the private app token as a bearer and { email, firstName, lastName } as JSON', async () => {
    await strategy.issue({ integration, claims: claimsOf({ name: 'Ada King Lovelace' }), signingKey });
    await strategy.issue({ integration, claims: claimsOf({ name: 'Ada' }), signingKey });
    await strategy.issue({ integration, claims: claimsOf({ name: undefined }), signingKey });
    expect(hubspot.requests.map(({ method, path, authorization, contentType }) => ({ method, path, authorization, contentType }))).toEqual(
      Array(3).fill({
        method: 'POST',
        path: '/visitor-identification/v3/tokens/create',
        authorization: `Bearer ${hubspot.privateAppToken}`,
        contentType: 'application/json',
      }),
    );
    expect(hubspot.requests.map((request) => request.body)).toEqual([
      { email: 'ada@example.com', firstName: 'Ada', lastName: 'King Lovelace' },
      { email: 'ada@example.com', firstName: 'Ada' },
      { email: 'ada@example.com' },
    ]);
  });

  it('refuses a user without an email (422) without calling HubSpot', async () => {
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf({ email: undefined }), signingKey }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).toMatch(/HubSpot identifies a chat visitor by email/);
    expect(hubspot.requests).toHaveLength(0);
  });

  it('serves the same user from the cache, and 20 concurrent first requests with one call', async () => {
    const claims = claimsOf();
    const issued = await Promise.all(Array.from({ length: 20 }, () => strategy.issue({ integration, claims, signingKey })));
    const again = await strategy.issue({ integration, claims, signingKey });
    expect(hubspot.requests).toHaveLength(1);
    for (const identity of [...issued, again]) expect(identity).toEqual(issued[0]);
  });

  it('mints anew after forgetUser and after forgetIntegration', async () => {
    const claims = claimsOf();
    await strategy.issue({ integration, claims, signingKey });
    strategy.forgetUser(claims.userId);
    await strategy.issue({ integration, claims, signingKey });
    strategy.forgetIntegration(randomUUID());
    await strategy.issue({ integration, claims, signingKey });
    expect(hubspot.requests).toHaveLength(2);
    strategy.forgetIntegration(integration.id);
    await strategy.issue({ integration, claims, signingKey });
    expect(hubspot.requests).toHaveLength(3);
  });

  it('backs off after a 429 without Retry-After and succeeds', async () => {
    hubspot.setBehaviour({ respond: 'rate-limited', times: 2 });
    const issued = await strategy.issue({ integration, claims: claimsOf(), signingKey });
    expect(hubspot.requests.map((request) => request.status)).toEqual([429, 429, 200]);
    const [first, second, third] = hubspot.requests.map((request) => request.receivedAt);
    // Base 10 ms, doubled, with jitter of up to half: at least 5 ms, then 10 ms.
    expect(second - first).toBeGreaterThanOrEqual(5);
    expect(third - second).toBeGreaterThanOrEqual(10);
    expect((issued.handoff.hsConversationsSettings as Record<string, unknown>).identificationToken).toBe(hubspot.requests[2].token);
  });

  it('gives up with a 503 passing on a Retry-After beyond its time budget', async () => {
    hubspot.setBehaviour({ respond: 'rate-limited', retryAfterSeconds: 30 });
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey }));
    expect(error.code).toBe(VendorsExceptionCode.Unavailable);
    expect(error.message).toContain('HubSpot did not mint an identity token');
    expect(error.details.retryAfterSeconds).toBe(30);
    expect(hubspot.requests).toHaveLength(1);
  });

  it('turns the 403 of an account without the feature into a 502 naming the plan and scope, never the token', async () => {
    hubspot.setQualifyingSubscription(false);
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey }));
    expect(error.code).toBe(VendorsExceptionCode.RejectedCredentials);
    expect(error.message).toMatch(/HTTP 403.*Professional or Enterprise.*conversations\.visitor_identification\.tokens\.create/);
    expect(`${error.message} ${error.stack ?? ''}`).not.toContain(hubspot.privateAppToken);
    expect(hubspot.requests.map((request) => request.status)).toEqual([403]);
  });

  it('turns a 401 (wrong private app token) into a 502 without retrying', async () => {
    const wrong = 'pat-na1-a-token-hubspot-does-not-know';
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey: keyOf(wrong) }));
    expect(error.code).toBe(VendorsExceptionCode.RejectedCredentials);
    expect(error.message).toMatch(/private app token \(HTTP 401\)/);
    expect(`${error.message} ${error.stack ?? ''}`).not.toContain(wrong);
    expect(hubspot.requests).toHaveLength(1);
  });

  it("turns HubSpot's 400 into a 422 whose message leaves HubSpot's words to the log", async () => {
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf({ email: 'not-an-email' }), signingKey }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).not.toContain('email must be a valid email address');
    expect((error as VendorsException).loggedDetail).toContain('email must be a valid email address');
  });
});

describe('HubSpotStrategy.inspect', () => {
  const strategy = newStrategy();
  const inspect = (claims?: Record<string, unknown>) =>
    strategy.inspect({ raw: 'x.y.z', jwt: claims && { raw: 'x.y.z', header: { alg: 'HS256' }, claims } });

  it('says only HubSpot can verify the token, and reads its lifetime when it carries one', () => {
    for (const opaqueOrWithoutExp of [inspect(), inspect({})]) {
      expect(opaqueOrWithoutExp).toEqual([
        expect.objectContaining({ rule: 'minted-by-hubspot', ok: true, message: expect.stringContaining('only HubSpot') }),
        expect.objectContaining({ rule: 'lifetime', ok: true, message: expect.stringContaining('12 hours') }),
      ]);
    }
    expect(inspect({ exp: Math.floor(Date.now() / 1000) - 1 })).toContainEqual(expect.objectContaining({ rule: 'not-expired', ok: false }));
    expect(inspect({ exp: Math.floor(Date.now() / 1000) + 60 })).toContainEqual(expect.objectContaining({ rule: 'not-expired', ok: true }));
  });
});
