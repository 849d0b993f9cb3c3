import { createSecretKey, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { type FakeGladly, startFakeGladly } from '../../../test/support/fake-gladly-server.js';
import { FAKE_VENDOR_ORIGINS } from '../../../test/support/fake-vendor-server.js';
import { waitFor } from '../../../test/support/eventually.js';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { rejectionOf } from '../../../test/support/vendor-spec-kit.js';
import { type VendorsException, VendorsExceptionCode } from '../vendors.exception.js';
import type { IdentityClaims, IntegrationRef, SigningKey } from '../vendor-strategy.js';
import type { MintedTokenClientOptions } from '../minted-token/minted-token-client.options.js';
import type { GladlySettings } from './gladly.settings.js';
import { GladlyStrategy } from './gladly.strategy.js';
import { GLADLY_SET_USER_JWT_PROPERTY } from './gladly.vendor.js';

const API_USER = 'api-user@example.com';
const API_TOKEN = 'the-api-token';
const FAST_RETRIES: Partial<MintedTokenClientOptions> = { timeoutMs: 2000, backoffBaseMs: 10, totalBudgetMs: 5000 };

const signingKey = (version = 1, token = API_TOKEN): SigningKey => ({
  version,
  fingerprint: 'x',
  key: createSecretKey(Buffer.from(token)),
});

const newStrategy = (clientOptions: Partial<MintedTokenClientOptions> = FAST_RETRIES): GladlyStrategy =>
  new GladlyStrategy({ masterKeys: [], vendorHostAllowlist: [FAKE_VENDOR_ORIGINS] }, clientOptions);

const claimsOf = (overrides: Partial<IdentityClaims> = {}): IdentityClaims => ({
  userId: randomUUID(),
  externalId: 'ext-1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  attributes: {},
  issuedAt: Math.floor(Date.now() / 1000),
  ...overrides,
});

const integrationOf = (strategy: GladlyStrategy, settings: Record<string, unknown>): IntegrationRef<GladlySettings> => ({
  id: 'integration-1',
  slug: 'gladly-support',
  vendor: 'gladly',
  settings: strategy.parseSettings(settings),
});

describe('GladlyStrategy, standard mode', () => {
  const strategy = newStrategy();
  const integration = integrationOf(strategy, {});

  it('needs no secret in standard mode, but does in jwt mode', () => {
    expect(strategy.requiresSecret(integration.settings)).toBe(false);
    expect(strategy.requiresSecret(strategy.parseSettings({ mode: 'jwt', baseUrl: 'https://acme.gladly.com', apiUser: API_USER }))).toBe(true);
  });

  it('hands off setUser({ name, email }) valid for tokenTtlSeconds', async () => {
    const before = Date.now();
    const issued = await strategy.issue({ integration, claims: claimsOf({ phone: '+14155550123' }) });
    expect(issued.handoff).toEqual({ setUser: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    expect(issued.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 3600_000);
    expect(issued.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('uses the phone number when there is no email', async () => {
    const issued = await strategy.issue({ integration, claims: claimsOf({ email: undefined, phone: '+14155550123' }) });
    expect(issued.handoff).toEqual({ setUser: { name: 'Ada Lovelace', phone: '+14155550123' } });
  });

  it('refuses a user with neither email nor phone (422), naming the rule', async () => {
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf({ email: undefined }) }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).toMatch(/email or phone number/);
  });
});

describe('GladlyStrategy, jwt mode against a fake Gladly', () => {
  let fake: FakeGladly;
  let strategy: GladlyStrategy;
  let integration: IntegrationRef<GladlySettings>;

  beforeEach(async () => {
    fake = await startFakeGladly({ apiUser: API_USER, apiToken: API_TOKEN, tokenTtlSeconds: 600 });
    strategy = newStrategy();
    integration = integrationOf(strategy, { mode: 'jwt', baseUrl: fake.url, apiUser: API_USER });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('hands off setUser with the token Gladly minted, expiring at its exp', async () => {
    const issued = await strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey() });
    const minted = fake.requests[0].token;
    expect(GLADLY_SET_USER_JWT_PROPERTY).toBe('jwt');
    expect(minted).toEqual(expect.any(String));
    expect(issued.handoff).toEqual({ setUser: { name: 'Ada Lovelace', email: 'ada@example.com', jwt: minted } });
    expect(decodeJwt(minted ?? '')).toMatchObject({ identity: 'ada@example.com', identityType: 'EMAIL' });
    expect(issued.expiresAt?.getTime()).toBe((decodeJwt(minted ?? '').exp ?? 0) * 1000);
  });

  it('sends HTTP Basic credentials and the documented JSON body', async () => {
    await strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey() });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/user-identity-jwt',
      authorization: `Basic ${Buffer.from(`${API_USER}:${API_TOKEN}`).toString('base64')}`,
      authUser: API_USER,
      contentType: 'application/json',
      body: { identityType: 'EMAIL', identity: 'ada@example.com' },
      status: 200,
    });
  });

  it('identifies by MOBILE_PHONE_NUMBER when there is no email', async () => {
    const issued = await strategy.issue({ integration, claims: claimsOf({ email: undefined, phone: '+447700900123' }), signingKey: signingKey() });
    expect(fake.requests[0].body).toEqual({ identityType: 'MOBILE_PHONE_NUMBER', identity: '+447700900123' });
    expect(issued.handoff).toEqual({ setUser: { name: 'Ada Lovelace', phone: '+447700900123', jwt: fake.requests[0].token } });
  });

  it('refuses a phone number that is not E.164 (422) without calling Gladly', async () => {
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf({ email: undefined, phone: '07700 900123' }), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).toMatch(/E\.164/);
    expect(fake.requests).toHaveLength(0);
  });

  it('serves a second request for the same user from the cache', async () => {
    const claims = claimsOf();
    const first = await strategy.issue({ integration, claims, signingKey: signingKey() });
    const second = await strategy.issue({ integration, claims, signingKey: signingKey() });
    expect(fake.requests).toHaveLength(1);
    expect(second).toEqual(first);
  });

  it('mints anew for a new secret version or another user', async () => {
    const claims = claimsOf();
    await strategy.issue({ integration, claims, signingKey: signingKey(1) });
    await strategy.issue({ integration, claims, signingKey: signingKey(2) });
    await strategy.issue({ integration, claims: claimsOf({ email: 'grace@example.com' }), signingKey: signingKey(2) });
    expect(fake.requests.map((request) => request.body)).toEqual([
      { identityType: 'EMAIL', identity: 'ada@example.com' },
      { identityType: 'EMAIL', identity: 'ada@example.com' },
      { identityType: 'EMAIL', identity: 'grace@example.com' },
    ]);
  });

  it('collapses 20 concurrent requests for one user into one upstream call', async () => {
    const claims = claimsOf();
    const issued = await Promise.all(Array.from({ length: 20 }, () => strategy.issue({ integration, claims, signingKey: signingKey() })));
    expect(fake.requests).toHaveLength(1);
    expect(new Set(issued.map((identity) => (identity.handoff.setUser as Record<string, unknown>).jwt))).toEqual(new Set([fake.requests[0].token]));
  });

  it('forgetUser drops the cached token, so the next request calls Gladly again', async () => {
    const claims = claimsOf();
    await strategy.issue({ integration, claims, signingKey: signingKey() });
    strategy.forgetUser(claims.userId);
    await strategy.issue({ integration, claims, signingKey: signingKey() });
    expect(fake.requests).toHaveLength(2);
  });

  it('does not cache a token that was in flight when the user was forgotten', async () => {
    const claims = claimsOf();
    fake.setBehaviour({ respond: 'slow', delayMs: 200, times: 1 });
    const pending = strategy.issue({ integration, claims, signingKey: signingKey() });
    await waitFor('the mint reaches Gladly', () => fake.requests.length === 1);
    strategy.forgetUser(claims.userId);
    await pending;
    await strategy.issue({ integration, claims, signingKey: signingKey() });
    expect(fake.requests).toHaveLength(2);
  });

  it('does not cache a token that expires within the refresh margin', async () => {
    const shortLived = await startFakeGladly({ apiUser: API_USER, apiToken: API_TOKEN, tokenTtlSeconds: 30 });
    try {
      const shortIntegration = integrationOf(strategy, { mode: 'jwt', baseUrl: shortLived.url, apiUser: API_USER });
      const claims = claimsOf();
      await strategy.issue({ integration: shortIntegration, claims, signingKey: signingKey() });
      await strategy.issue({ integration: shortIntegration, claims, signingKey: signingKey() });
      expect(shortLived.requests).toHaveLength(2);
    } finally {
      await shortLived.close();
    }
  });

  it('falls back to tokenTtlSeconds when the minted token has no readable exp', async () => {
    fake.setBehaviour({ respond: 'opaque-token' });
    const opaque = integrationOf(strategy, { mode: 'jwt', baseUrl: fake.url, apiUser: API_USER, tokenTtlSeconds: 900 });
    const before = Date.now();
    const issued = await strategy.issue({ integration: opaque, claims: claimsOf(), signingKey: signingKey() });
    expect((issued.handoff.setUser as Record<string, unknown>).jwt).toBe(fake.requests[0].token);
    expect(issued.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 900_000);
    expect(issued.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it("turns Gladly's 400 into a 422 whose message leaves Gladly's words to the log, without retrying", async () => {
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf({ email: 'not-an-email' }), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.RuleViolated);
    expect(error.message).not.toContain('identity must be a valid email address');
    expect((error as VendorsException).loggedDetail).toContain('identity must be a valid email address');
    expect(fake.requests.map((request) => request.status)).toEqual([400]);
  });

  it('turns 401 into a 502 that never carries the credentials', async () => {
    const wrongToken = 'wrong-secret-token-value';
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey(1, wrongToken) }));
    expect(error.code).toBe(VendorsExceptionCode.RejectedCredentials);
    expect(error.message).toMatch(/^Gladly rejected the credentials/);
    const everything = `${error.message} ${JSON.stringify(error.details)} ${error.stack ?? ''}`;
    expect(everything).not.toContain(wrongToken);
    expect(everything).not.toContain(Buffer.from(`${API_USER}:${wrongToken}`).toString('base64'));
    expect(fake.requests.map((request) => request.status)).toEqual([401]);
  });

  it('retries after a 429 and succeeds', async () => {
    fake.setBehaviour({ respond: 'rate-limited', retryAfterSeconds: 0, times: 1 });
    const issued = await strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey() });
    expect(fake.requests.map((request) => request.status)).toEqual([429, 200]);
    expect((issued.handoff.setUser as Record<string, unknown>).jwt).toBe(fake.requests[1].token);
  });

  it("waits out the fake's 10 requests/second limit, honouring Retry-After", async () => {
    // Gladly and the client share a clock that moves only when the test moves it, so all 15 first
    // requests fall in one second of Gladly's window however slowly this machine sends them. Fails if the
    // client does not wait for the Retry-After (the retries would come before the second is over and be
    // refused again) or gives up instead of retrying.
    const clock = new ManualClock();
    const throttled = await startFakeGladly({ apiUser: API_USER, apiToken: API_TOKEN, now: clock.now });
    try {
      const clocked = newStrategy({ ...FAST_RETRIES, now: clock.now, sleep: clock.sleep });
      const limitedIntegration = integrationOf(clocked, { mode: 'jwt', baseUrl: throttled.url, apiUser: API_USER });
      const pending = Promise.all(
        Array.from({ length: 15 }, (_, index) => clocked.issue({ integration: limitedIntegration, claims: claimsOf({ email: `user${index}@example.com` }), signingKey: signingKey() })),
      );
      await waitFor('five requests refused and their retries waiting', () => clock.sleeping === 5);
      expect(throttled.requests.map((request) => request.status).sort()).toEqual([...Array<number>(10).fill(200), ...Array<number>(5).fill(429)]);
      clock.advance(1000);
      expect(await pending).toHaveLength(15);
      const limited = throttled.requests.filter((request) => request.status === 429);
      const accepted = throttled.requests.filter((request) => request.status === 200);
      expect(limited).toHaveLength(5);
      expect(accepted).toHaveLength(15);
      const firstAccepted = Math.min(...accepted.map((request) => request.receivedAt));
      const retried = accepted.filter((request) => request.receivedAt > Math.max(...limited.map((limit) => limit.receivedAt)));
      expect(retried).toHaveLength(5);
      for (const request of retried) expect(request.receivedAt - firstAccepted).toBeGreaterThanOrEqual(1000);
    } finally {
      await throttled.close();
    }
  });

  it('gives up with a 503 when the Retry-After exceeds the time budget, passing it on', async () => {
    fake.setBehaviour({ respond: 'rate-limited', retryAfterSeconds: 30 });
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.Unavailable);
    expect(error.details.retryAfterSeconds).toBe(30);
    expect(fake.requests).toHaveLength(1);
  });

  it('answers 503 after 3 attempts when Gladly keeps failing with 500', async () => {
    fake.setBehaviour({ respond: 'server-error' });
    const error = await rejectionOf(strategy.issue({ integration, claims: claimsOf(), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.Unavailable);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).not.toContain(API_TOKEN);
    expect(fake.requests.map((request) => request.status)).toEqual([500, 500, 500]);
  });

  it('does not cache a failure: the next request calls Gladly again', async () => {
    fake.setBehaviour({ respond: 'server-error', times: 3 });
    const claims = claimsOf();
    await rejectionOf(strategy.issue({ integration, claims, signingKey: signingKey() }));
    const issued = await strategy.issue({ integration, claims, signingKey: signingKey() });
    expect((issued.handoff.setUser as Record<string, unknown>).jwt).toBe(fake.requests[3].token);
  });

  it('answers 503 when every attempt times out', async () => {
    const impatient = newStrategy({ ...FAST_RETRIES, timeoutMs: 100 });
    fake.setBehaviour({ respond: 'slow', delayMs: 3000 });
    const started = Date.now();
    const error = await rejectionOf(impatient.issue({ integration, claims: claimsOf(), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.Unavailable);
    expect(error.message).toContain('no answer within 100 ms');
    expect(fake.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers 503 when Gladly cannot be reached', async () => {
    const gone = await startFakeGladly();
    await gone.close();
    const unreachable = integrationOf(strategy, { mode: 'jwt', baseUrl: gone.url, apiUser: API_USER });
    const error = await rejectionOf(strategy.issue({ integration: unreachable, claims: claimsOf(), signingKey: signingKey() }));
    expect(error.code).toBe(VendorsExceptionCode.Unavailable);
    expect(error.message).toContain('network error');
  });
});
