import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectChatIdentityOptions } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions, RateLimitOptions } from '../chat-identity.options.js';
import { RESOLVED_SUBJECT, type RequestWithSubject } from '../identity/subject/subject.guard.js';
import { clientAddressOf } from './client-address.js';
import { RateLimiter } from './rate-limiter.js';

interface Budget {
  /** The option that sets it, and its default. */
  option: 'perIpPerMinute' | 'perSubjectPerMinute';
  fallback: number;
  keyOf: (request: RequestWithSubject) => string;
  message: string;
}

/** One per-minute budget of token requests, read from `rateLimit` options. */
abstract class TokenBudgetGuard implements CanActivate {
  private readonly perMinute: number;

  protected constructor(
    private readonly limiter: RateLimiter,
    options: Partial<RateLimitOptions> | undefined,
    private readonly budget: Budget,
  ) {
    this.perMinute = options?.[budget.option] ?? budget.fallback;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSubject>();
    await this.limiter.consume(this.budget.keyOf(request), this.perMinute, this.budget.message);
    return true;
  }
}

/**
 * Token requests per client address, counted before authentication: a flood of bad bearer tokens
 * spends the flooder's budget, not the service's CPU on signature checks.
 */
@Injectable()
export class ClientAddressRateLimitGuard extends TokenBudgetGuard {
  constructor(limiter: RateLimiter, @InjectChatIdentityOptions() options: ChatIdentityModuleOptions) {
    super(limiter, options.rateLimit, {
      option: 'perIpPerMinute',
      fallback: 600,
      keyOf: (request) => `ip:${clientAddressOf(request)}`,
      message: 'Too many requests from this address; retry later.',
    });
  }
}

/** Token requests per end user, after SubjectGuard: one user's runaway tab cannot drain the vendors' limits. */
@Injectable()
export class SubjectRateLimitGuard extends TokenBudgetGuard {
  constructor(limiter: RateLimiter, @InjectChatIdentityOptions() options: ChatIdentityModuleOptions) {
    super(limiter, options.rateLimit, {
      option: 'perSubjectPerMinute',
      fallback: 60,
      keyOf: (request) => `subject:${request[RESOLVED_SUBJECT]?.externalId ?? ''}`,
      message: 'Too many token requests; retry later.',
    });
  }
}
