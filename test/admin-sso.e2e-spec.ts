// Admin single sign-on on the standalone, against a real OpenID Connect provider started here: the
// login and callback (authorization code + PKCE), the role from the provider's `roles` claim, the
// session cookie (HttpOnly, Secure, SameSite=Strict, sealed), its expiry, tampering, a provider that is
// not the configured issuer, a missing role, cross-site writes, the failed-sign-in budget, logout and a
// provider out of reach.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort } from '../src/database/tcp-port.js';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { type AuditEventBody, newSecret, uniqueSlug } from './support/admin-api.js';
import { CookieJar, type SetCookie } from './support/cookie-jar.js';
import { startOidcProvider, type TestProvider } from './support/oidc-provider.js';

const CLIENT = { clientId: 'chat-identity-admin', clientSecret: 'test-sso-client-secret-0123456789' };
const SESSION_COOKIE = '__Host-chat-identity-admin';
const LOGIN_COOKIE = '__Host-chat-identity-sso';
const SESSION_TTL_SECONDS = 3600;
const ACCOUNTS = {
  ada: { email: 'ada@example.com', roles: ['viewer', 'owner'] },
  otto: { email: 'otto@example.com', roles: ['engineering', 'operator'] },
  vic: { email: 'vic@example.com', roles: 'viewer' },
  nora: { email: 'nora@example.com' },
  eve: { email: 'eve@example.com', roles: ['engineering'] },
};
type AccountId = keyof typeof ACCOUNTS;

interface Service {
  app: NestFastifyApplication;
  origin: string;
}

async function startService(issuer: string, port: number, overrides: NodeJS.ProcessEnv = {}): Promise<Service> {
  const origin = `http://127.0.0.1:${port}`;
  const app = await startTestApp({
    ADMIN_OIDC_ISSUER: issuer,
    ADMIN_OIDC_CLIENT_ID: CLIENT.clientId,
    ADMIN_OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    ADMIN_OIDC_ROLE_CLAIM: 'roles',
    PUBLIC_URL: origin,
    ADMIN_SESSION_TTL_SECONDS: String(SESSION_TTL_SECONDS),
    ...overrides,
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, origin };
}

describe('admin single sign-on (ADMIN_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _ROLE_CLAIM=roles, PUBLIC_URL)', () => {
  let provider: TestProvider;
  let otherProvider: TestProvider;
  let service: Service;

  /** A request to the service as the browser holding `jar` sends it (same-origin unless the headers say otherwise). */
  const call = async (jar: CookieJar, method: string, path: string, init: { headers?: Record<string, string>; body?: unknown } = {}) => {
    const response = await fetch(`${service.origin}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...jar.header(), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const set = jar.store(response);
    const text = await response.text();
    return { status: response.status, headers: response.headers, set, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const sameOrigin = { 'sec-fetch-site': 'same-origin' };

  /** The login's redirect to the provider, and the callback URL the provider sends the browser back to. */
  const signInAt = async (jar: CookieJar, account: AccountId, at: TestProvider = provider, forge: (callback: URL) => void = () => {}) => {
    const login = await call(jar, 'GET', '/v1/admin/sso/login');
    expect(login.status).toBe(303);
    const authorization = new URL(login.headers.get('location')!);
    const viaProvider = new URL(`${authorization.pathname}${authorization.search}`, at.issuer);
    const callback = await at.signIn(viaProvider.href, account);
    expect(callback.origin).toBe(service.origin);
    forge(callback);
    return { login, authorization, callback: await call(jar, 'GET', `${callback.pathname}${callback.search}`) };
  };

  const signedIn = async (account: AccountId): Promise<{ jar: CookieJar; cookie: SetCookie }> => {
    const jar = new CookieJar();
    const { callback } = await signInAt(jar, account);
    expect(callback.status).toBe(200);
    return { jar, cookie: callback.set.find((cookie) => cookie.name === SESSION_COOKIE)! };
  };

  const auditAbout = async (action: string, actor: string): Promise<AuditEventBody[]> => {
    const page = await fetch(`${service.origin}/v1/admin/audit?limit=500`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    return ((await page.json()) as AuditEventBody[]).filter((event) => event.action === action && event.actor === actor);
  };

  beforeAll(async () => {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/v1/admin/sso/callback`;
    provider = await startOidcProvider({ ...CLIENT, redirectUri, accounts: ACCOUNTS });
    // Another provider that knows the same client and accounts: not the one the service trusts.
    otherProvider = await startOidcProvider({ ...CLIENT, redirectUri, accounts: ACCOUNTS });
    service = await startService(provider.issuer, port);
  });

  afterAll(async () => {
    await service?.app.close();
    await provider?.close();
    await otherProvider?.close();
  });

  it('sends the login to the provider with PKCE, state and nonce, kept in a short-lived sealed cookie', async () => {
    const jar = new CookieJar();
    const login = await call(jar, 'GET', '/v1/admin/sso/login?returnTo=/docs');
    expect(login.status).toBe(303);
    const location = new URL(login.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: CLIENT.clientId,
      response_type: 'code',
      redirect_uri: `${service.origin}/v1/admin/sso/callback`,
      code_challenge_method: 'S256',
      scope: 'openid email profile',
    });
    for (const parameter of ['code_challenge', 'state', 'nonce']) expect(location.searchParams.get(parameter)).toMatch(/^[\w-]{22,}$/);
    const [cookie] = login.set;
    expect(cookie).toMatchObject({ name: LOGIN_COOKIE, attributes: { httponly: '', secure: '', samesite: 'Lax', path: '/', 'max-age': '600' } });
    expect(cookie.value).not.toContain(location.searchParams.get('state'));
    expect((await call(new CookieJar(), 'GET', '/v1/admin/sso/login?returnTo=//evil.example')).status).toBe(400);
  });

  it('signs an admin in with the highest role the claim lists, in an HttpOnly, Secure, SameSite=Strict sealed cookie, audited with email and subject', async () => {
    const jar = new CookieJar();
    const { callback } = await signInAt(jar, 'ada');
    expect(callback.status).toBe(200);
    expect(callback.body).toMatchObject({ name: 'ada@example.com', role: 'owner', subject: 'ada' });
    const session = callback.set.find((cookie) => cookie.name === SESSION_COOKIE)!;
    expect(session.attributes).toEqual({ path: '/', 'max-age': String(SESSION_TTL_SECONDS), httponly: '', secure: '', samesite: 'Strict' });
    // Sealed, not encoded: neither the provider's tokens (a JWT has two dots, which base64url never holds)
    // nor the admin's details can be read from it, as it is or base64url-decoded. (Three letters such as
    // `eyJ` or `ada` turn up in about 1 % of random 1.5 kB values: those are no test.)
    const decoded = Buffer.from(session.value, 'base64url').toString('latin1');
    for (const readable of [session.value, decoded]) {
      expect(readable).not.toMatch(/eyJ[\w-]*\.[\w-]+\./);
      expect(readable).not.toContain('ada@example.com');
      expect(readable).not.toContain('"ada"');
    }
    expect(callback.set.find((cookie) => cookie.name === LOGIN_COOKIE)?.attributes['max-age']).toBe('0');

    const list = await call(jar, 'GET', '/v1/admin/integrations');
    expect(list.status).toBe(200);
    const slug = uniqueSlug('sso-owner');
    const created = await call(jar, 'POST', '/v1/admin/integrations', { headers: sameOrigin, body: { slug, vendor: 'decimal', settings: {}, secret: newSecret() } });
    expect(created.status).toBe(201);
    const [signIn] = await auditAbout('admin.signed-in', 'ada@example.com');
    expect(signIn).toMatchObject({ actorRole: 'owner', target: `sso:${provider.issuer}`, details: { subject: 'ada' } });
    const [change] = (await auditAbout('integration.created', 'ada@example.com')).filter((event) => event.target.includes(slug));
    expect(change).toMatchObject({ actorRole: 'owner' });
  });

  it('gives each admin the role its claim names: a viewer reads and is refused changes, an operator changes', async () => {
    const viewer = await signedIn('vic');
    expect((await call(viewer.jar, 'GET', '/v1/admin/audit')).status).toBe(200);
    const refused = await call(viewer.jar, 'POST', '/v1/admin/integrations', { headers: sameOrigin, body: { slug: uniqueSlug('sso-vic'), vendor: 'decimal', settings: {}, secret: newSecret() } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'admin_role_required', requiredRole: 'operator' });

    const operator = await signedIn('otto');
    const slug = uniqueSlug('sso-otto');
    expect((await call(operator.jar, 'POST', '/v1/admin/integrations', { headers: sameOrigin, body: { slug, vendor: 'decimal', settings: {}, secret: newSecret() } })).status).toBe(201);
    expect((await call(operator.jar, 'POST', '/v1/admin/master-key/rotate', { headers: sameOrigin })).status).toBe(403);
  });

  it('refuses a sign-in whose role claim is missing or names no known role (403), audited, with no session', async () => {
    for (const account of ['nora', 'eve'] as const) {
      const jar = new CookieJar();
      const { callback } = await signInAt(jar, account);
      expect(callback.status).toBe(403);
      expect(callback.headers.get('content-type')).toContain('application/problem+json');
      expect(callback.body).toMatchObject({ code: 'admin_role_missing' });
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
      expect((await call(jar, 'GET', '/v1/admin/integrations')).status).toBe(401);
      const [refusal] = await auditAbout('admin.sso.refused', ACCOUNTS[account].email);
      expect(refusal).toMatchObject({ actorRole: null, details: { subject: account, roleClaim: 'roles' } });
    }
  });

  it('refuses a code from another provider than the configured issuer, even when the callback claims the right issuer', async () => {
    const jar = new CookieJar();
    const { callback } = await signInAt(jar, 'ada', otherProvider);
    expect(callback.status).toBe(401);
    expect(callback.headers.get('content-type')).toContain('application/problem+json');
    expect(callback.body?.detail).toContain('did not verify');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();

    const forged = await signInAt(jar, 'ada', otherProvider, (url) => url.searchParams.set('iss', provider.issuer));
    expect(forged.callback.status).toBe(401);
    expect(forged.callback.body?.detail).toContain('invalid_grant');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a tampered session cookie, and a login cookie passed off as a session', async () => {
    const { jar, cookie } = await signedIn('ada');
    const flipped = `${cookie.value.slice(0, 20)}${cookie.value[20] === 'A' ? 'B' : 'A'}${cookie.value.slice(21)}`;
    jar.set(SESSION_COOKIE, flipped);
    const tampered = await call(jar, 'GET', '/v1/admin/integrations');
    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('content-type')).toContain('application/problem+json');

    const login = await call(new CookieJar(), 'GET', '/v1/admin/sso/login');
    jar.set(SESSION_COOKIE, login.set[0].value);
    expect((await call(jar, 'GET', '/v1/admin/integrations')).status).toBe(401);
  });

  it('ends a session after ADMIN_SESSION_TTL_SECONDS, whatever the browser keeps', async () => {
    const { jar } = await signedIn('vic');
    expect((await call(jar, 'GET', '/v1/admin/integrations')).status).toBe(200);
    // Only Date moves: the servers' timers and sockets keep real time.
    jest.useFakeTimers({ now: Date.now() + (SESSION_TTL_SECONDS + 1) * 1000, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      expect((await call(jar, 'GET', '/v1/admin/integrations')).status).toBe(401);
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses cross-site writes with the session cookie (403), not same-origin ones nor requests with an admin key', async () => {
    const { jar } = await signedIn('ada');
    const body = () => ({ slug: uniqueSlug('sso-csrf'), vendor: 'decimal', settings: {}, secret: newSecret() });
    const crossSite: Array<Record<string, string>> = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, {}];
    for (const headers of crossSite) {
      const refused = await call(jar, 'POST', '/v1/admin/integrations', { headers, body: body() });
      expect({ headers, status: refused.status, code: refused.body?.code }).toEqual({ headers, status: 403, code: 'admin_cross_site_refused' });
    }
    expect((await call(jar, 'POST', '/v1/admin/integrations', { headers: { origin: service.origin }, body: body() })).status).toBe(201);
    const withKey = await call(jar, 'POST', '/v1/admin/integrations', { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'sec-fetch-site': 'cross-site' }, body: body() });
    expect(withKey.status).toBe(201);
    expect((await call(jar, 'POST', '/v1/admin/sso/logout', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    const refusals = (await auditAbout('admin.refused', 'ada@example.com')).filter((event) => event.target === 'route:POST /v1/admin/integrations');
    expect(refusals.length).toBeGreaterThanOrEqual(4);
  });

  it("logs out: clears the session cookie and sends the browser to the provider's end_session_endpoint", async () => {
    const { jar } = await signedIn('otto');
    const logout = await call(jar, 'POST', '/v1/admin/sso/logout', { headers: sameOrigin });
    expect(logout.status).toBe(303);
    const location = new URL(logout.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(location.searchParams.get('client_id')).toBe(CLIENT.clientId);
    expect(location.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(logout.set).toEqual([expect.objectContaining({ name: SESSION_COOKIE, value: '', attributes: expect.objectContaining({ 'max-age': '0', secure: '', httponly: '' }) })]);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect((await call(jar, 'GET', '/v1/admin/integrations')).status).toBe(401);
    expect(await auditAbout('admin.signed-out', 'otto@example.com')).toEqual([expect.objectContaining({ details: { subject: 'otto' } })]);
  });
});

describe('admin single sign-on and the failed sign-in budget (RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE=3)', () => {
  let provider: TestProvider;
  let service: Service;

  beforeAll(async () => {
    const port = await freePort();
    provider = await startOidcProvider({ ...CLIENT, redirectUri: `http://127.0.0.1:${port}/v1/admin/sso/callback`, accounts: ACCOUNTS });
    service = await startService(provider.issuer, port, { RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await service?.app.close();
    await provider?.close();
  });

  it('counts failed callbacks against the address, then refuses it the callback and every admin route (429)', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await fetch(`${service.origin}/v1/admin/sso/callback?code=guess-${attempt}&state=guess`);
      expect(failed.status).toBe(401);
    }
    const locked = await fetch(`${service.origin}/v1/admin/sso/callback?code=another&state=guess`);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fetch(`${service.origin}/v1/admin/integrations`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(429);
  });
});

describe('admin single sign-on with its provider out of reach', () => {
  let service: Service;

  beforeAll(async () => {
    const [port, nothingListens] = [await freePort(), await freePort()];
    service = await startService(`http://127.0.0.1:${nothingListens}`, port);
  });

  afterAll(() => service?.app.close());

  it('answers the login 503 with Retry-After, and the admin keys keep working', async () => {
    const login = await fetch(`${service.origin}/v1/admin/sso/login`, { redirect: 'manual' });
    expect(login.status).toBe(503);
    expect(login.headers.get('content-type')).toContain('application/problem+json');
    expect(login.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${service.origin}/v1/admin/integrations`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(200);
  });
});
