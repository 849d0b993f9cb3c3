import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ChatIdentityErrorCode, ChatIdentityException, type FieldProblem } from './chat-identity.error.js';
import { databaseUnavailable, isDatabaseUnavailable } from './database-unavailable.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from './problem-details.js';
import { PROBLEM_OBSERVER, type ProblemObserver } from './problem-observer.js';
import { requestIdOf } from './request-id.js';
import { routePatternOf } from './route-pattern.js';

interface StatusCarrier {
  statusCode?: unknown;
  message?: unknown;
}

/**
 * The one place errors become HTTP: every answer is `application/problem+json` with a `code` and the
 * request id. A domain exception says its own status; unknown errors are logged and answered with a
 * fixed 500 that carries no message or stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    // Absent when a host builds the filter by hand, outside the module.
    @Optional() @Inject(PROBLEM_OBSERVER) private readonly observer?: ProblemObserver,
  ) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    // A lost or timed-out database is the same 503 wherever it surfaces, never an "unexpected" 500.
    const exception = isDatabaseUnavailable(thrown) ? databaseUnavailable() : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest();
    const response = http.getResponse();
    const requestId = requestIdOf(request);
    const body = { ...this.toProblem(exception, requestId), requestId };
    if (exception instanceof ChatIdentityException && exception.loggedDetail !== undefined) {
      this.logger.warn({ requestId, vendorDetail: exception.loggedDetail }, exception.message);
    }
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'content-type', PROBLEM_CONTENT_TYPE);
    adapter.setHeader(response, 'x-request-id', requestId);
    if (body.status === HttpStatus.UNAUTHORIZED) adapter.setHeader(response, 'www-authenticate', 'Bearer');
    const retryAfter = exception instanceof ChatIdentityException ? exception.details.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) adapter.setHeader(response, 'retry-after', String(retryAfter));
    this.observer?.refused(body.status, routePatternOf(request));
    adapter.reply(response, body, body.status);
  }

  private toProblem(exception: unknown, requestId: string): ProblemDetails {
    if (exception instanceof ChatIdentityException) {
      const errors = exception.details.errors;
      return problem(exception.status, exception.message, { code: exception.code, ...(errors?.length ? { errors } : {}), ...exception.details.extensions });
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    const carrier = exception as StatusCarrier;
    if (typeof carrier?.statusCode === 'number' && carrier.statusCode >= 400 && carrier.statusCode < 500) {
      // Body-parser / content-type errors from the HTTP adapter: the client's mistake, said plainly.
      return problem(carrier.statusCode, typeof carrier.message === 'string' ? carrier.message : 'Bad request');
    }
    this.logger.error({ err: exception, requestId }, 'Unhandled error');
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; quote the request id when reporting it.');
  }

  private fromHttpException(exception: HttpException): ProblemDetails {
    const status = exception.getStatus();
    const payload = exception.getResponse();
    const message = typeof payload === 'object' && payload !== null ? (payload as StatusCarrier).message : payload;
    if (Array.isArray(message)) {
      const errors: FieldProblem[] = message.map((text) => ({ field: '', message: String(text) }));
      return problem(status, 'The request is invalid.', { code: ChatIdentityErrorCode.ValidationFailed, errors });
    }
    return problem(status, typeof message === 'string' ? message : exception.message);
  }
}
