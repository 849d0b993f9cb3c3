import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectChatIdentityOptions } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { RESOLVED_SUBJECT, type RequestWithSubject } from '../identity/subject/subject.guard.js';
import { clientAddressOf } from './client-address.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * Token requests per client address, counted before authentication: a flood of bad bearer tokens
 * spends the flooder's budget, not the service's CPU on signature checks.
 */
@Injectable()
export class ClientAddressRateLimitGuard implements CanActivate {
  private readonly perMinute: number;

  constructor(
    private readonly limiter: RateLimiter,
    @InjectChatIdentityOptions() options: ChatIdentityModuleOptions,
  ) {
    this.perMinute = options.rateLimit?.perIpPerMinute ?? 600;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const address = clientAddressOf(context.switchToHttp().getRequest<RequestWithSubject>());
    await this.limiter.consume(`ip:${address}`, this.perMinute, 'Too many requests from this address; retry later.');
    return true;
  }
}

/** Token requests per end user, after SubjectGuard: one user's runaway tab cannot drain the vendors' limits. */
@Injectable()
export class SubjectRateLimitGuard implements CanActivate {
  private readonly perMinute: number;

  constructor(
    private readonly limiter: RateLimiter,
    @InjectChatIdentityOptions() options: ChatIdentityModuleOptions,
  ) {
    this.perMinute = options.rateLimit?.perSubjectPerMinute ?? 60;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const subject = context.switchToHttp().getRequest<RequestWithSubject>()[RESOLVED_SUBJECT];
    await this.limiter.consume(`subject:${subject?.externalId ?? ''}`, this.perMinute, 'Too many token requests; retry later.');
    return true;
  }
}
