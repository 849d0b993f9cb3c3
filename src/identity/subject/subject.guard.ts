import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { InjectSubjectResolver } from '../../chat-identity.constants.js';
import { whenDone } from '../../common/awaitable.js';
import { unauthenticated } from '../../common/chat-identity.error.js';
import { RESOLVED_SUBJECT, type RequestWithResolvedSubject } from '../../common/resolved-subject.js';
import type { Subject, SubjectRequest, SubjectResolver } from './subject-resolver.js';

export type RequestWithSubject = SubjectRequest & RequestWithResolvedSubject<Subject>;

/** Resolves the caller before anything else runs: no subject, no token (401). */
@Injectable()
export class SubjectGuard implements CanActivate {
  constructor(@InjectSubjectResolver() private readonly resolver: SubjectResolver) {}

  /** Synchronous when the resolver is (a token seen before): Nest awaits only a guard's promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSubject>();
    return whenDone(this.resolver.resolve(request), (subject) => {
      if (!subject) throw unauthenticated('Sign in first: send your bearer token (or a trusted service key).');
      request[RESOLVED_SUBJECT] = subject;
      return true;
    });
  }
}
