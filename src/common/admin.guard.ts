import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';
import { InjectAdminGuard, InjectChatIdentityOptions } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { clientAddressOf } from '../rate-limit/client-address.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { ADMIN_ACTOR, type AdminRequest } from './admin-request.js';
import { forbidden, unauthenticated } from './chat-identity.error.js';

const BRUTE_FORCE_MESSAGE = 'Too many failed admin sign-ins from this address; retry later.';

/**
 * Runs the configured admin guard, then records who the admin is for the audit trail. Failed
 * sign-ins are counted per client address; once an address has spent its budget for the minute it
 * gets 429 before its credentials are even looked at, so a correct guess among the flood is refused too.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly failuresPerMinute: number;

  constructor(
    @InjectAdminGuard() private readonly delegate: CanActivate,
    @InjectChatIdentityOptions() private readonly options: ChatIdentityModuleOptions,
    private readonly limiter: RateLimiter,
  ) {
    this.failuresPerMinute = options.rateLimit?.adminFailuresPerIpPerMinute ?? 10;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const failuresKey = `admin-failures:${clientAddressOf(request)}`;
    await this.limiter.refuseWhenSpent(failuresKey, this.failuresPerMinute, BRUTE_FORCE_MESSAGE);
    const verdict = this.delegate.canActivate(context);
    // CanActivate may answer with an Observable too (host guards built on RxJS).
    const allowed = isObservable(verdict) ? await lastValueFrom(verdict, { defaultValue: false }) : await verdict;
    if (allowed !== true) {
      // A host's role guard refusing a signed-in user means "not an admin" (403), as Nest answers a false guard.
      if (request.user) throw forbidden('The signed-in user may not use the admin API.');
      await this.limiter.count(failuresKey);
      throw unauthenticated('Admin credentials are missing or wrong.');
    }
    request[ADMIN_ACTOR] ??= this.options.resolveAdminActor?.(request) ?? actorFromUser(request);
    return true;
  }
}

function actorFromUser(request: AdminRequest): string {
  const user = request.user;
  const name = [user?.id, user?.email, user?.sub].find((value) => typeof value === 'string' || typeof value === 'number');
  return name === undefined ? 'unknown-admin' : String(name);
}
