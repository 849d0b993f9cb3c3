import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { RESOLVED_SUBJECT, type RequestWithSubject } from './subject/subject.guard.js';

export const THROTTLE_PER_SUBJECT = 'subject';
export const THROTTLE_PER_IP = 'ip';

/** Two budgets per token request: one per end user, one per client IP (runs after SubjectGuard). */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return String(request.ip ?? 'unknown');
  }

  protected override generateKey(context: ExecutionContext, tracker: string, throttlerName: string): string {
    if (throttlerName !== THROTTLE_PER_SUBJECT) return `${throttlerName}:${tracker}`;
    const request = context.switchToHttp().getRequest<RequestWithSubject>();
    return `${throttlerName}:${request[RESOLVED_SUBJECT]?.externalId ?? tracker}`;
  }
}
