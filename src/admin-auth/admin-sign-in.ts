import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';
import { getResolvedOptionsToken, InjectAdminGuard } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { clientAddressOf } from '../rate-limit/client-address.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { adminCredentialsRefused, BRUTE_FORCE_MESSAGE, crossSiteWriteRefused, notAnAdmin } from './admin-auth.errors.js';
import { ADMIN_IDENTITY, type AdminRequest } from './admin-request.js';
import { type AdminIdentity, type AdminRole, isAdminRole } from '../common/admin-identity.js';
import { ApiKeyAdminGuard } from './api-key-admin.guard.js';
import { AdminSessions } from './admin-session.js';

/** Set on a request whose sign-in attempt is already counted against its address's budget. */
const ATTEMPT_COUNTED = Symbol('chat-identity.admin-attempt-counted');

type CountedRequest = AdminRequest & { [ATTEMPT_COUNTED]?: string };

/**
 * Signs admins in: who they are (name and role) from the built-in keys or the host's guard and hooks,
 * or from a single sign-on session cookie on a request with no `Authorization` header.
 * Every attempt is counted against its address's budget BEFORE its credentials are looked at
 * (increment, then decide) and taken back once they prove right, so however many wrong guesses race
 * in parallel, at most the budget of them is ever evaluated; past it even a right one is refused (429).
 */
@Injectable()
export class AdminSignIn {
  private readonly failuresPerMinute: number;
  /** Set when the admin API is guarded by the built-in keys, which can be checked from the headers alone. */
  readonly builtInKeys: ApiKeyAdminGuard | undefined;

  constructor(
    @InjectAdminGuard() private readonly delegate: CanActivate,
    @Inject(getResolvedOptionsToken()) private readonly options: ResolvedChatIdentityOptions,
    private readonly limiter: RateLimiter,
    private readonly sessions: AdminSessions,
  ) {
    this.failuresPerMinute = options.rateLimit.adminFailuresPerIpPerMinute;
    this.builtInKeys = delegate instanceof ApiKeyAdminGuard ? delegate : undefined;
  }

  /** Counts this request's attempt once (429 when its address has spent the budget). */
  async countAttempt(request: AdminRequest): Promise<void> {
    const counted = request as CountedRequest;
    if (counted[ATTEMPT_COUNTED] !== undefined) return;
    const key = `admin-failures:${clientAddressOf(request)}`;
    await this.limiter.consume(key, this.failuresPerMinute, BRUTE_FORCE_MESSAGE);
    counted[ATTEMPT_COUNTED] = key;
  }

  /** The built-in keys' check from the headers alone (before any body is read): 401 unless one matches. */
  async signInByKey(request: AdminRequest, keys: ApiKeyAdminGuard): Promise<AdminIdentity> {
    await this.countAttempt(request);
    const identity = keys.identify(request.headers.authorization) ?? this.sessions.identify(request);
    if (!identity) throw adminCredentialsRefused();
    return this.accept(request, identity);
  }

  /** Who the admin is, by the configured guard; throws 401 / 403 / 429. */
  async signIn(request: AdminRequest, context: ExecutionContext): Promise<AdminIdentity> {
    if (this.sessions.isCrossSiteWrite(request)) throw crossSiteWriteRefused();
    const known = request[ADMIN_IDENTITY];
    if (known) return known;
    await this.countAttempt(request);
    const session = this.sessions.identify(request);
    if (session) return this.accept(request, session);
    let allowed: boolean;
    try {
      const verdict = this.delegate.canActivate(context);
      // CanActivate may answer with an Observable too (host guards built on RxJS).
      allowed = isObservable(verdict) ? await lastValueFrom(verdict, { defaultValue: false }) : await verdict;
    } catch (error) {
      // A host guard that throws its own refusal at a signed-in user: not a guess either.
      if (request.user) await this.release(request);
      throw error;
    }
    if (allowed !== true) {
      // A host's role guard refusing a signed-in user means "not an admin" (403), not a guess to count.
      if (request.user) {
        await this.release(request);
        throw notAnAdmin();
      }
      throw adminCredentialsRefused();
    }
    return this.accept(request, request[ADMIN_IDENTITY] ?? { name: this.actorName(request), role: await this.hostRole(request) });
  }

  /** The name a refused admin is audited by (a session's admin, or the host's user). */
  actorName(request: AdminRequest): string {
    return request[ADMIN_IDENTITY]?.name ?? this.options.resolveAdminActor?.(request) ?? actorFromUser(request);
  }

  private async accept(request: AdminRequest, identity: AdminIdentity): Promise<AdminIdentity> {
    await this.release(request);
    request[ADMIN_IDENTITY] = identity;
    return identity;
  }

  /** Gives back a counted attempt that proved not to be a guess. */
  async release(request: AdminRequest): Promise<void> {
    const counted = request as CountedRequest;
    const key = counted[ATTEMPT_COUNTED];
    if (key === undefined) return;
    counted[ATTEMPT_COUNTED] = undefined;
    await this.limiter.release(key);
  }

  private async hostRole(request: AdminRequest): Promise<AdminRole> {
    const role = (await this.options.resolveAdminRole?.(request)) ?? 'owner';
    // The host's hook broke its contract: a host bug (500, logged), never a guess at a role.
    if (!isAdminRole(role)) throw new Error(`resolveAdminRole answered ${JSON.stringify(role)}: expected viewer, operator or owner`);
    return role;
  }
}

function actorFromUser(request: AdminRequest): string {
  const user = request.user;
  const name = [user?.id, user?.email, user?.sub].find((value) => typeof value === 'string' || typeof value === 'number');
  return name === undefined ? 'unknown-admin' : String(name);
}
