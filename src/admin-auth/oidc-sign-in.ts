import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { AuditService } from '../audit/audit.service.js';
import { ADMIN_ROLES, type AdminRole } from '../common/admin-identity.js';
import { ChatIdentityError, ChatIdentityErrorCode, notFound, unauthenticated } from '../common/chat-identity.error.js';
import { requestIdOf } from '../common/request-id.js';
import type { AdminSsoOptions } from '../chat-identity.options.js';
import type { AdminRequest } from './admin-request.js';
import { type AdminSession, AdminSessions } from './admin-session.js';
import { AdminSignIn } from './admin-sign-in.js';
import { ssoRefused } from './admin-auth.errors.js';

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
/** Seconds before the provider is asked again after it could not be reached. */
const PROVIDER_RETRY_AFTER_SECONDS = 5;
const PROVIDER_TIMEOUT_SECONDS = 10;

/** Where a finished sign-in leaves the browser: the session cookie, and the page it asked to return to. */
interface FinishedSignIn {
  session: AdminSession;
  cookie: string;
  returnTo?: string;
}

/**
 * Admin sign-in with the company's OpenID Connect provider: authorization code with PKCE, state and
 * nonce (openid-client), the role from the configured claim. A failed callback counts against the
 * address's failed sign-in budget like a wrong key; a sign-in the provider vouched for but that names no
 * known role is refused (403) and audited, without counting it as a guess.
 */
@Injectable()
export class OidcSignIn {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(
    private readonly sessions: AdminSessions,
    private readonly signIn: AdminSignIn,
    private readonly audit: AuditService,
  ) {}

  /** The provider's authorization URL for a new login, and the cookie that keeps its checks until the callback. */
  async start(callbackUrl: URL, returnTo: string | undefined): Promise<{ location: string; cookie: string }> {
    const sso = this.options();
    const config = await this.provider(sso);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const location = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl.href,
      scope: (sso.scopes ?? DEFAULT_SCOPES).join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { location: location.href, cookie: this.sessions.loginCookie({ state, nonce, codeVerifier, returnTo }) };
  }

  /** Trades the callback's code for the admin's identity; `currentUrl` is the callback as the browser called it. */
  async finish(request: AdminRequest, currentUrl: URL): Promise<FinishedSignIn> {
    const sso = this.options();
    await this.signIn.countAttempt(request);
    const login = this.sessions.pendingLogin(request);
    if (!login) throw unauthenticated('No sign-in is under way in this browser, or it took too long: start again at the login route.');
    const config = await this.provider(sso);
    let claims: Record<string, unknown>;
    let idToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
      });
      idToken = tokens.id_token!;
      claims = { ...tokens.claims() };
      if (!(sso.roleClaim in claims) || claims.email === undefined) claims = { ...(await this.userInfo(config, tokens.access_token, String(claims.sub))), ...claims };
    } catch (error) {
      throw callbackRefusal(error);
    }
    const subject = String(claims.sub);
    const name = typeof claims.email === 'string' && claims.email ? claims.email : `oidc:${subject}`;
    const role = highestRole(claims[sso.roleClaim]);
    const audit = { actor: name, requestId: requestIdOf(request) };
    const target = `sso:${config.serverMetadata().issuer}`;
    await this.signIn.release(request);
    if (!role) {
      await this.audit.recordAlone({ ...audit, actorRole: null }, { action: 'admin.sso.refused', target, details: { subject, roleClaim: sso.roleClaim } });
      throw ssoRefused(sso.roleClaim);
    }
    const { cookie, expiresAt } = this.sessions.sessionCookie({ name, role, subject, issuer: config.serverMetadata().issuer, idToken });
    await this.audit.recordAlone({ ...audit, actorRole: role }, { action: 'admin.signed-in', target, details: { subject, expiresAt: new Date(expiresAt * 1000).toISOString() } });
    return { session: { name, role, subject, issuer: config.serverMetadata().issuer, idToken, expiresAt }, cookie, returnTo: login.returnTo };
  }

  /** Ends the request's session here (audited) and, when the provider has one, the URL of its own logout. */
  async end(request: AdminRequest): Promise<string | undefined> {
    const sso = this.options();
    const session = this.sessions.session(request);
    if (!session) return undefined;
    await this.audit.recordAlone(
      { actor: session.name, actorRole: session.role, requestId: requestIdOf(request) },
      { action: 'admin.signed-out', target: `sso:${session.issuer}`, details: { subject: session.subject } },
    );
    const config = await this.provider(sso);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, client_id: sso.clientId }).href;
  }

  private options(): AdminSsoOptions {
    if (!this.sessions.sso) throw notFound('Admin single sign-on is not configured.');
    return this.sessions.sso;
  }

  /** The provider's metadata, discovered once; a failed discovery is tried again on the next request. */
  private provider(sso: AdminSsoOptions): Promise<oidc.Configuration> {
    this.configuration ??= discover(sso);
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration.catch((error: unknown) => {
      throw providerUnavailable(error);
    });
  }

  private async userInfo(config: oidc.Configuration, accessToken: string, subject: string): Promise<Record<string, unknown>> {
    return config.serverMetadata().userinfo_endpoint ? { ...(await oidc.fetchUserInfo(config, accessToken, subject)) } : {};
  }
}

async function discover(sso: AdminSsoOptions): Promise<oidc.Configuration> {
  const issuer = new URL(sso.issuer);
  // Plain http only reaches this far for a loopback issuer (local development, tests): see isHttpsOrLoopback.
  const execute = issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [];
  // client_secret_basic: the token endpoint authentication a client is registered with unless it says otherwise.
  const config = await oidc.discovery(issuer, sso.clientId, { id_token_signed_response_alg: 'RS256' }, oidc.ClientSecretBasic(sso.clientSecret), {
    execute,
    timeout: PROVIDER_TIMEOUT_SECONDS,
  });
  config.timeout = PROVIDER_TIMEOUT_SECONDS;
  return config;
}

/** The highest of the roles a claim names (a string or an array of them); unknown names are ignored. */
function highestRole(claim: unknown): AdminRole | undefined {
  const named = (Array.isArray(claim) ? claim : [claim]).filter((value): value is string => typeof value === 'string');
  return [...ADMIN_ROLES].reverse().find((role) => named.includes(role));
}

/** By shape: fetch's errors may come from another realm (a test's VM context) than this module's. */
function isUnreachable(error: unknown): boolean {
  const failure = error as Partial<Error> | null;
  if (typeof failure !== 'object' || failure === null) return false;
  return (failure.name === 'TypeError' && failure.message === 'fetch failed') || failure.name === 'TimeoutError' || failure.name === 'AbortError' || isUnreachable(failure.cause);
}

function providerUnavailable(error: unknown): ChatIdentityError {
  const unavailable = new ChatIdentityError(
    ChatIdentityErrorCode.IdentityProviderUnavailable,
    'The admin single sign-on provider cannot be reached right now; try again shortly.',
    { retryAfterSeconds: PROVIDER_RETRY_AFTER_SECONDS },
  );
  unavailable.loggedDetail = error instanceof Error ? error.message : String(error);
  return unavailable;
}

/** Why a callback failed, in words safe to answer; the library's own words go to the log. */
function callbackRefusal(error: unknown): ChatIdentityError {
  if (isUnreachable(error)) return providerUnavailable(error);
  let refusal: ChatIdentityError;
  if (error instanceof oidc.AuthorizationResponseError) refusal = unauthenticated(`The sign-in provider did not sign you in (${error.error}).`);
  else if (error instanceof oidc.ResponseBodyError || error instanceof oidc.WWWAuthenticateChallengeError) refusal = unauthenticated(`The sign-in provider refused the sign-in (${error instanceof oidc.ResponseBodyError ? error.error : 'userinfo'}).`);
  else if (error instanceof oidc.ClientError) refusal = unauthenticated("The sign-in provider's answer did not verify: start again at the login route.");
  else throw error;
  refusal.loggedDetail = `${(error as oidc.ClientError).code ?? error.name}: ${error.message}`;
  return refusal;
}
