// Per vendor: an integration with the shortest token lifetime the vendor's settings allow, and the
// test-only verifier its fake widget asks (fake-vendor-widgets.ts): the vendor's own rules, checked
// with the secret the integration was created with, at the widget's clock.
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { FakeGladly } from './fake-gladly-server.js';
import { FAKE_HASH_VERIFIERS, type FakeHashVendor } from './fake-hash-verifiers.js';
import type { FakeHubSpot } from './fake-hubspot-server.js';
import type { CredentialVerifier, Verdict } from './fake-vendor-widgets.js';

export interface BrowserVendorCase {
  vendor: string;
  slug: string;
  settings: Record<string, unknown>;
  secret?: string;
  keyId?: string;
  /** Vendors that verify our own key pair: the version is generated after the integration is created. */
  generateKeyPair?: boolean;
  /** The page's own widget settings, given to attach (Front's chatId). */
  widgetOptions?: Record<string, unknown>;
  /** The credential's lifetime in seconds; null when it never expires. */
  lifetimeSeconds: number | null;
  verify: CredentialVerifier;
}

/** What the verifiers need from the running test: filled in its beforeAll, read when a widget asks. */
export interface BrowserVendorContext {
  apiUrl: string;
  gladly?: FakeGladly;
  hubspot?: FakeHubSpot;
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

/** A hash vendor: the widget's hand-off checked by the vendor's documented HMAC; whom it shows is `user(handoff)`. */
function hashVendor(vendor: FakeHashVendor, user: (handoff: Fields) => unknown, extra: Partial<BrowserVendorCase> = {}): BrowserVendorCase {
  const secret = `browser-${vendor}-verification-secret`;
  return {
    vendor,
    slug: `browser-${vendor}`,
    settings: {},
    secret,
    lifetimeSeconds: null,
    async verify(handoff) {
      if (!FAKE_HASH_VERIFIERS[vendor](handoff as Fields, secret)) throw new Error(`the ${vendor} signature does not match`);
      return accepted(user(handoff as Fields));
    },
    ...extra,
  };
}

export function browserVendorCases(context: BrowserVendorContext): BrowserVendorCase[] {
  const secrets = {
    glassix: 'browser-glassix-department-secret',
    decimal: 'browser-decimal-signing-secret-0',
    tiledesk: 'browser-tiledesk-shared-secret-0',
    intercom: 'browser-intercom-messenger-secret',
    zendesk: 'browser-zendesk-signing-secret-0',
    kustomer: 'browser-kustomer-chat-secret-000',
  };
  const gladly = (): FakeGladly => context.gladly!;
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
      get settings() {
        return { mode: 'jwt', baseUrl: gladly().url, apiUser: gladly().apiUser, tokenTtlSeconds: 60 };
      },
      get secret() {
        return gladly().apiToken;
      },
      lifetimeSeconds: 60,
      // Gladly signs the JWT itself: the fake Gladly API must have minted it, for the setUser email.
      async verify(user, nowMs) {
        const { email, jwt } = user as Fields;
        if (typeof jwt !== 'string' || !gladly().requests.some((request) => request.token === jwt)) throw new Error('setUser carries no JWT Gladly minted');
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
    {
      vendor: 'intercom',
      slug: 'browser-intercom',
      settings: { appId: 'browser-app', tokenTtlSeconds: 60 },
      secret: secrets.intercom,
      lifetimeSeconds: 60,
      // Tokens without user_id are rejected; the Messenger boots for the workspace's app_id.
      async verify(settings, nowMs) {
        const { app_id: appId, intercom_user_jwt: jwt } = settings as Fields;
        if (appId !== 'browser-app') throw new Error('app_id is not the workspace app id');
        const { claims, expiresAtMs } = await hs256(jwt, secrets.intercom, nowMs);
        return accepted(claims.user_id, expiresAtMs);
      },
    },
    {
      vendor: 'zendesk',
      slug: 'browser-zendesk',
      settings: { tokenTtlSeconds: 60 },
      secret: secrets.zendesk,
      keyId: 'app_browser',
      lifetimeSeconds: 60,
      // The key is chosen by kid; scope must be "user"; external_id names the user.
      async verify(handedOver, nowMs) {
        const { jwt } = handedOver as Fields;
        if (typeof jwt !== 'string' || decodeProtectedHeader(jwt).kid !== 'app_browser') throw new Error('kid does not name a signing key');
        const { claims, expiresAtMs } = await hs256(jwt, secrets.zendesk, nowMs);
        if (claims.scope !== 'user') throw new Error('scope is not "user"');
        return accepted(claims.external_id, expiresAtMs);
      },
    },
    {
      vendor: 'kustomer',
      slug: 'browser-kustomer',
      settings: {},
      secret: secrets.kustomer,
      lifetimeSeconds: 15 * 60,
      // iat must be under 15 minutes old when the widget logs in; email wins over externalId.
      async verify(login, nowMs) {
        const { claims } = await hs256((login as Fields).jwtToken, secrets.kustomer, nowMs);
        const iatMs = Number(claims.iat) * 1000;
        if (!(nowMs - iatMs < 15 * 60_000)) throw new Error('iat is more than 15 minutes old');
        return accepted(claims.email ?? claims.externalId, iatMs + 15 * 60_000);
      },
    },
    {
      vendor: 'salesforce',
      slug: 'browser-salesforce',
      settings: { issuer: 'https://shop.example.com', tokenTtlSeconds: 60 },
      generateKeyPair: true,
      lifetimeSeconds: 60,
      // RS256 against the keyset Salesforce reads from our JWKS; iss must match the keyset's issuer.
      async verify(token, nowMs) {
        const { identityTokenType, identityToken } = token as Fields;
        if (identityTokenType !== 'JWT' || typeof identityToken !== 'string') throw new Error('not a JWT identity token');
        const keys = createRemoteJWKSet(new URL(`${context.apiUrl}/v1/jwks/browser-salesforce`));
        const { payload } = await jwtVerify(identityToken, keys, { algorithms: ['RS256'], issuer: 'https://shop.example.com', currentDate: new Date(nowMs) });
        return accepted(payload.sub, payload.exp === undefined ? undefined : payload.exp * 1000);
      },
    },
    hashVendor('helpscout', (handoff) => fields(handoff, 'identify').email),
    hashVendor('front', (handoff) => fields(handoff, 'init').email, {
      widgetOptions: { chatId: 'browser-chat' },
      async verify(handoff) {
        if (fields(handoff, 'init').chatId !== 'browser-chat') throw new Error("FrontChat('init') lacks the page's chatId");
        if (!FAKE_HASH_VERIFIERS.front(handoff as Fields, 'browser-front-verification-secret')) throw new Error('the front signature does not match');
        return accepted(fields(handoff, 'init').email);
      },
    }),
    hashVendor('chatwoot', (handoff) => fields(handoff, 'setUser').identifier, { settings: { identifier: 'userId' } }),
    hashVendor('crisp', (handoff) => ((handoff.push as unknown[][])[0][2] as unknown[])[0]),
    hashVendor('tawkto', (handoff) => fields(handoff, 'login').userId, { settings: { identifier: 'userId' } }),
    hashVendor('reamaze', (handoff) => fields(handoff, 'user').id, { settings: { identifier: 'userId' } }),
    {
      vendor: 'hubspot',
      slug: 'browser-hubspot',
      get settings() {
        return { baseUrl: context.hubspot!.url };
      },
      get secret() {
        return context.hubspot!.privateAppToken;
      },
      lifetimeSeconds: 12 * 3600,
      // HubSpot minted the token for that email; it lasts 12 hours from minting.
      async verify(handoff, nowMs) {
        const { identificationEmail, identificationToken, loadImmediately } = fields(handoff, 'hsConversationsSettings');
        if (loadImmediately !== false) throw new Error('loadImmediately must be false');
        const minted = context.hubspot!.requests.find((request) => request.token === identificationToken);
        if (!minted || (minted.body as Fields | undefined)?.email !== identificationEmail) throw new Error('HubSpot did not mint this token for this email');
        const expiresAtMs = minted.receivedAt + 12 * 3600_000;
        if (nowMs >= expiresAtMs) throw new Error('the identification token has expired');
        return accepted(identificationEmail, expiresAtMs);
      },
    },
  ];
}
