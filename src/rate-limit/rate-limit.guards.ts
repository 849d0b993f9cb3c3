import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectResolvedOptions } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { RESOLVED_SUBJECT, type RequestWithResolvedSubject } from '../common/resolved-subject.js';
import { whenDone } from '../common/awaitable.js';
import { clientAddressOf } from './client-address.js';
import { RateLimiter } from './rate-limiter.js';

type TokenRequest = { ip?: string } & RequestWithResolvedSubject;

interface Budget {
  perMinute: number;
  keyOf: (request: TokenRequest) => string;
  message: string;
}

/** One per-minute budget of token requests, read from `rateLimit` options. */
abstract class TokenBudgetGuard implements CanActivate {
  protected constructor(
    private readonly limiter: RateLimiter,
    private readonly budget: Budget,
  ) {}

  /** Synchronous when the limiter is (see RateLimiter.consume): Nest awaits only a guard's promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<TokenRequest>();
    return whenDone(this.limiter.consume(this.budget.keyOf(request), this.budget.perMinute, this.budget.message), () => true);
  }
}

/**
 * Token requests per client address, counted before authentication: a flood of bad bearer tokens
 * spends the flooder's budget, not the service's CPU on signature checks.
 */
@Injectable()
export class ClientAddressRateLimitGuard extends TokenBudgetGuard {
  constructor(limiter: RateLimiter, @InjectResolvedOptions() options: ResolvedChatIdentityOptions) {
    super(limiter, {
      perMinute: options.rateLimit.perIpPerMinute,
      keyOf: (request) => `ip:${clientAddressOf(request)}`,
      message: 'Too many requests from this address; retry later.',
    });
  }
}

/** Token requests per end user, after SubjectGuard: one user's runaway tab cannot drain the vendors' limits. */
@Injectable()
export class SubjectRateLimitGuard extends TokenBudgetGuard {
  constructor(limiter: RateLimiter, @InjectResolvedOptions() options: ResolvedChatIdentityOptions) {
    super(limiter, {
      perMinute: options.rateLimit.perSubjectPerMinute,
      keyOf: (request) => `subject:${request[RESOLVED_SUBJECT]?.externalId ?? ''}`,
      message: 'Too many token requests; retry later.',
    });
  }
}
