import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectChatIdentityOptions } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { ChatIdentityError, ChatIdentityErrorCode } from '../common/chat-identity.error.js';
import { RESOLVED_SUBJECT, type RequestWithSubject } from './subject/subject.guard.js';

const WINDOW_MS = 60_000;

/** Counts per key in fixed one-minute windows; the whole map is dropped when a window ends. */
class FixedWindowCounter {
  private counts = new Map<string, number>();
  private windowEndsAt = 0;

  constructor(private readonly limit: number) {}

  /** Seconds until the key may try again, or 0 when this hit is within the limit. */
  hit(key: string, now: number): number {
    if (now >= this.windowEndsAt) {
      this.counts = new Map();
      this.windowEndsAt = now + WINDOW_MS;
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.limit ? Math.ceil((this.windowEndsAt - now) / 1000) : 0;
  }
}

/**
 * Two budgets per token request, one per end user and one per client IP, so neither one user's
 * runaway tab nor one abusive address can drain the vendors' limits. Runs after SubjectGuard.
 * The counters are per instance: behind N replicas the effective limit is up to N times higher.
 */
@Injectable()
export class TokenRateLimitGuard implements CanActivate {
  private readonly perSubject: FixedWindowCounter;
  private readonly perIp: FixedWindowCounter;

  constructor(@InjectChatIdentityOptions() options: ChatIdentityModuleOptions) {
    this.perSubject = new FixedWindowCounter(options.rateLimit?.perSubjectPerMinute ?? 60);
    this.perIp = new FixedWindowCounter(options.rateLimit?.perIpPerMinute ?? 600);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithSubject>();
    const now = Date.now();
    const waitForIp = this.perIp.hit(request.ip ?? 'unknown', now);
    const waitForSubject = this.perSubject.hit(request[RESOLVED_SUBJECT]?.externalId ?? '', now);
    const retryAfterSeconds = Math.max(waitForIp, waitForSubject);
    if (retryAfterSeconds > 0) {
      throw new ChatIdentityError(ChatIdentityErrorCode.RateLimited, 'Too many token requests; retry later.', {
        retryAfterSeconds,
      });
    }
    return true;
  }
}
