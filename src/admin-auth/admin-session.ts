import { Inject, Injectable } from '@nestjs/common';
import { getResolvedOptionsToken } from '../chat-identity.constants.js';
import type { AdminSsoOptions, ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { type AdminIdentity, isAdminRole } from '../common/admin-identity.js';
import type { AdminRequest } from './admin-request.js';
import { CookieSealer, cookieValue, setCookie } from './sealed-cookie.js';

const SESSION_COOKIE = '__Host-chat-identity-admin';
const LOGIN_COOKIE = '__Host-chat-identity-sso';
const SESSION_PURPOSE = 'admin-session';
const LOGIN_PURPOSE = 'sso-login';
/** Time to type a password at the provider. */
const LOGIN_TTL_SECONDS = 600;
const DEFAULT_SESSION_TTL_SECONDS = 8 * 3600;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A signed-in admin, as the session cookie carries it (encrypted: the ID token is kept for the provider's logout only). */
export interface AdminSession extends AdminIdentity {
  subject: string;
  issuer: string;
  /** Epoch seconds. */
  expiresAt: number;
  idToken: string;
}

/** What the callback must see again: the login's state, nonce and PKCE verifier, and where to go after. */
interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo?: string;
  expiresAt: number;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * The admin sessions of single sign-on, held by the browser in sealed cookies: one more source of an
 * admin's name and role beside the keys, for requests that carry no `Authorization` header. Off (every
 * lookup answers undefined) unless `adminSso` is configured.
 */
@Injectable()
export class AdminSessions {
  readonly sso: AdminSsoOptions | undefined;
  readonly ttlSeconds: number;
  private readonly sealer: CookieSealer | undefined;
  private readonly publicOrigin: string | undefined;

  constructor(@Inject(getResolvedOptionsToken()) options: ResolvedChatIdentityOptions) {
    this.sso = options.adminSso;
    this.ttlSeconds = options.adminSso?.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    this.sealer = options.adminSso && options.masterKeys[0] ? new CookieSealer(options.masterKeys[0].key) : undefined;
    this.publicOrigin = options.adminSso ? new URL(options.adminSso.publicUrl).origin : undefined;
  }

  /** The admin of a valid session cookie on a request that carries no `Authorization` header. */
  identify(request: AdminRequest): AdminIdentity | undefined {
    const session = request.headers.authorization === undefined ? this.session(request) : undefined;
    return session && { name: session.name, role: session.role };
  }

  /** The unexpired session the request's cookie holds (whatever its `Authorization` header). */
  session(request: AdminRequest): AdminSession | undefined {
    const opened = this.sealer?.open(SESSION_PURPOSE, cookieValue(request.headers.cookie, SESSION_COOKIE));
    return isSession(opened) && opened.expiresAt > nowSeconds() ? opened : undefined;
  }

  /**
   * A write authenticated by the session cookie that a browser did not send from this service's own
   * origin: `Sec-Fetch-Site` must say same-origin or, from browsers that do not send it, `Origin` must be
   * the public URL's. Requests with an `Authorization` header are not cookie-authenticated.
   */
  isCrossSiteWrite(request: AdminRequest): boolean {
    if (!this.sealer || SAFE_METHODS.has(request.method ?? 'GET') || request.headers.authorization !== undefined) return false;
    if (cookieValue(request.headers.cookie, SESSION_COOKIE) === undefined) return false;
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite !== undefined) return fetchSite !== 'same-origin';
    return request.headers.origin !== this.publicOrigin;
  }

  sessionCookie(session: Omit<AdminSession, 'expiresAt'>): { cookie: string; expiresAt: number } {
    const expiresAt = nowSeconds() + this.ttlSeconds;
    const sealed = this.requireSealer().seal(SESSION_PURPOSE, { ...session, expiresAt } satisfies AdminSession);
    return { cookie: setCookie(SESSION_COOKIE, sealed, { maxAgeSeconds: this.ttlSeconds, sameSite: 'Strict' }), expiresAt };
  }

  clearedSessionCookie(): string {
    return setCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, sameSite: 'Strict' });
  }

  /** Lax, not Strict: the provider's redirect back to the callback is a cross-site navigation. */
  loginCookie(login: Omit<PendingLogin, 'expiresAt'>): string {
    const sealed = this.requireSealer().seal(LOGIN_PURPOSE, { ...login, expiresAt: nowSeconds() + LOGIN_TTL_SECONDS } satisfies PendingLogin);
    return setCookie(LOGIN_COOKIE, sealed, { maxAgeSeconds: LOGIN_TTL_SECONDS, sameSite: 'Lax' });
  }

  pendingLogin(request: AdminRequest): PendingLogin | undefined {
    const opened = this.sealer?.open(LOGIN_PURPOSE, cookieValue(request.headers.cookie, LOGIN_COOKIE));
    return isPendingLogin(opened) && opened.expiresAt > nowSeconds() ? opened : undefined;
  }

  clearedLoginCookie(): string {
    return setCookie(LOGIN_COOKIE, '', { maxAgeSeconds: 0, sameSite: 'Lax' });
  }

  private requireSealer(): CookieSealer {
    if (!this.sealer) throw new Error('Admin single sign-on is not configured');
    return this.sealer;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isSession(value: unknown): value is AdminSession {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    isAdminRole(value.role) &&
    typeof value.subject === 'string' &&
    typeof value.issuer === 'string' &&
    typeof value.expiresAt === 'number' &&
    typeof value.idToken === 'string'
  );
}

function isPendingLogin(value: unknown): value is PendingLogin {
  return (
    isRecord(value) &&
    typeof value.state === 'string' &&
    typeof value.nonce === 'string' &&
    typeof value.codeVerifier === 'string' &&
    typeof value.expiresAt === 'number' &&
    (value.returnTo === undefined || typeof value.returnTo === 'string')
  );
}
