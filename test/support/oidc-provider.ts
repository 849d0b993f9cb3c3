// A real OpenID Connect provider (oidc-provider) configured like a company's: one confidential client
// (the service, with its secret and redirect URI), accounts with an email and a `roles` claim, and the
// development login pages, which a test fills in over HTTP as a browser would.
import { exportJWK, generateKeyPair } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Grant, type OidcContext } from 'oidc-provider';
import { CookieJar } from './cookie-jar.js';

interface TestAccount {
  email?: string;
  /** The role claim as the provider hands it out: a string, an array, or absent. */
  roles?: string | string[];
}

interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}

export interface TestProvider {
  issuer: string;
  /**
   * Opens `authorizationUrl` in a fresh browser, signs `accountId` in on the provider's page and
   * answers where the provider finally sends the browser: the service's callback, with its code.
   */
  signIn(authorizationUrl: string, accountId: string): Promise<URL>;
  close(): Promise<void>;
}

const SCOPES = 'openid email profile';

export async function startOidcProvider({ clientId, clientSecret, redirectUri, accounts }: TestProviderOptions): Promise<TestProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider: Provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' }] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['roles'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['test-provider-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    findAccount: async (_context, id) =>
      accounts[id] && { accountId: id, claims: async () => ({ sub: id, email: accounts[id].email, email_verified: true, roles: accounts[id].roles }) },
    // The company's own app: its users are never asked to consent.
    loadExistingGrant: async (context: OidcContext): Promise<Grant | undefined> => {
      const { client, session, result } = context.oidc;
      const grantId = result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
      if (grantId) return provider.Grant.find(grantId);
      const grant = new provider.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    signIn: (authorizationUrl, accountId) => browseToCallback(issuer, authorizationUrl, accountId),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function browseToCallback(issuer: string, authorizationUrl: string, accountId: string): Promise<URL> {
  const jar = new CookieJar();
  let next = new URL(authorizationUrl);
  for (let step = 0; step < 10; step += 1) {
    if (next.origin !== issuer) return next;
    // The development pages: the first is the login form, any later one the consent form.
    const form = next.pathname.startsWith('/interaction/') ? new URLSearchParams(step <= 1 ? { prompt: 'login', login: accountId, password: 'any' } : { prompt: 'consent' }) : undefined;
    const response = await fetch(next, { method: form ? 'POST' : 'GET', body: form, headers: jar.header(), redirect: 'manual' });
    jar.store(response);
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider answered ${response.status} at ${next.pathname}: ${await response.text()}`);
    await response.body?.cancel();
    next = new URL(location, next);
  }
  throw new Error('the provider never sent the browser back');
}
