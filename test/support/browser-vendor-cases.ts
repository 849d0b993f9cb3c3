// Per vendor: an integration with the shortest token lifetime the vendor's settings allow, and the
// test-only verifier its fake widget asks (fake-vendor-widgets.ts): the vendor's own rules, checked
// with the secret the integration was created with, at the widget's clock.
import { decodeJwt, jwtVerify } from 'jose';
import type { FakeGladly } from './fake-gladly-server.js';
import type { CredentialVerifier, Verdict } from './fake-vendor-widgets.js';

export interface BrowserVendorCase {
  vendor: string;
  slug: string;
  settings: Record<string, unknown>;
  secret?: string;
  /** The credential's lifetime in seconds; null when it never expires. */
  lifetimeSeconds: number | null;
  verify: CredentialVerifier;
}

type Claims = Record<string, unknown>;

const hs256 = async (token: unknown, secret: string, nowMs: number): Promise<{ claims: Claims; expiresAtMs?: number }> => {
  if (typeof token !== 'string') throw new Error('no token handed over');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(nowMs) });
  return { claims: payload, expiresAtMs: payload.exp === undefined ? undefined : payload.exp * 1000 };
};

const accepted = (user: unknown, expiresAtMs?: number): Verdict => {
  if (typeof user !== 'string' || user === '') throw new Error('the credential names no user');
  return { ok: true, user, expiresAtMs };
};

interface Fields {
  [key: string]: unknown;
}
const fields = (value: unknown, key: string): Fields => ((value as Fields | undefined)?.[key] ?? {}) as Fields;

export function browserVendorCases(gladly: FakeGladly): BrowserVendorCase[] {
  const secrets = {
    glassix: 'browser-glassix-department-secret',
    decimal: 'browser-decimal-signing-secret-0',
    tiledesk: 'browser-tiledesk-shared-secret-0',
  };
  const glassixApiKey = '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e';
  return [
    {
      vendor: 'glassix',
      slug: 'browser-glassix',
      settings: { apiKey: glassixApiKey, snippetId: 'snippet-1', tokenTtlSeconds: 300 },
      secret: secrets.glassix,
      lifetimeSeconds: 300,
      // The token's iss is the API key and its aud the uniqueIdentifier the widget is given.
      async verify(options, nowMs) {
        const { apiKey, uniqueIdentifier, identityToken } = options as Fields;
        const { claims, expiresAtMs } = await hs256(identityToken, secrets.glassix, nowMs);
        if (claims.iss !== apiKey || apiKey !== glassixApiKey) throw new Error('iss is not the department API key');
        if (claims.aud !== uniqueIdentifier) throw new Error('aud differs from widgetOptions.uniqueIdentifier');
        return accepted(uniqueIdentifier, expiresAtMs);
      },
    },
    {
      vendor: 'gladly',
      slug: 'browser-gladly',
      settings: { mode: 'jwt', baseUrl: gladly.url, apiUser: gladly.apiUser, tokenTtlSeconds: 60 },
      secret: gladly.apiToken,
      lifetimeSeconds: 60,
      // Gladly signs the JWT itself: the fake Gladly API must have minted it, for the setUser email.
      async verify(user, nowMs) {
        const { email, jwt } = user as Fields;
        if (typeof jwt !== 'string' || !gladly.requests.some((request) => request.token === jwt)) throw new Error('setUser carries no JWT Gladly minted');
        const { sub, exp } = decodeJwt(jwt);
        if (exp === undefined || exp * 1000 <= nowMs) throw new Error('the Gladly JWT has expired');
        if (sub !== email) throw new Error('the Gladly JWT is for someone else than setUser.email');
        return accepted(email, exp * 1000);
      },
    },
    {
      vendor: 'decimal',
      slug: 'browser-decimal',
      settings: { tokenTtlSeconds: 60 },
      secret: secrets.decimal,
      lifetimeSeconds: 60,
      async verify(boot, nowMs) {
        const { claims, expiresAtMs } = await hs256((boot as Fields).user_token, secrets.decimal, nowMs);
        return accepted(claims.email, expiresAtMs);
      },
    },
    {
      vendor: 'tiledesk',
      slug: 'browser-tiledesk',
      settings: { projectId: 'project-1', tokenTtlSeconds: 60 },
      secret: secrets.tiledesk,
      lifetimeSeconds: 60,
      // The string must start with "JWT "; the server picks the project from aud; _id names the user.
      async verify(handedOver, nowMs) {
        const { credential } = handedOver as Fields;
        if (typeof credential !== 'string' || !credential.startsWith('JWT ')) throw new Error('the credential does not start with "JWT "');
        const { claims, expiresAtMs } = await hs256(credential.slice(4), secrets.tiledesk, nowMs);
        const projectId = fields(handedOver, 'settings').projectid;
        if (claims.aud !== `https://tiledesk.com/projects/${String(projectId)}`) throw new Error('aud is not the project of tiledeskSettings');
        if (typeof claims._id !== 'string' || !claims._id.startsWith(`${String(projectId)}_`)) throw new Error('_id does not start with the project id');
        return accepted(claims._id, expiresAtMs);
      },
    },
  ];
}
