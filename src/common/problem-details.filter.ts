import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { SecretsException, SecretsExceptionCode } from '../secrets/secrets.exception.js';
import { UsersException, UsersExceptionCode } from '../users/users.exception.js';
import { VendorsException, VendorsExceptionCode } from '../vendors/vendors.exception.js';
import { ChatIdentityError, ChatIdentityErrorCode, type FieldProblem } from './chat-identity.error.js';
import { databaseUnavailable, isDatabaseUnavailable } from './database-unavailable.js';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from './problem-details.js';
import { requestIdOf } from './request-id.js';

/** Every domain exception of the module, each family with its own codes. */
type DomainException = ChatIdentityError | SecretsException | UsersException | VendorsException;

function assertUnreachable(code: never): never {
  throw new Error(`No HTTP status for error code ${String(code)}`);
}

function commonStatus(code: ChatIdentityErrorCode): number {
  switch (code) {
    case ChatIdentityErrorCode.ValidationFailed:
      return HttpStatus.BAD_REQUEST;
    case ChatIdentityErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ChatIdentityErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ChatIdentityErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ChatIdentityErrorCode.Conflict:
      return HttpStatus.CONFLICT;
    case ChatIdentityErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ChatIdentityErrorCode.MalformedToken:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ChatIdentityErrorCode.UnsupportedMediaType:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ChatIdentityErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ChatIdentityErrorCode.IdentityProviderUnavailable:
    case ChatIdentityErrorCode.DatabaseUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function secretsStatus(code: SecretsExceptionCode): number {
  switch (code) {
    case SecretsExceptionCode.NoActiveSecret:
    case SecretsExceptionCode.MasterKeyUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case SecretsExceptionCode.IntegrationNotFound:
    case SecretsExceptionCode.VersionNotFound:
      return HttpStatus.NOT_FOUND;
    case SecretsExceptionCode.VersionRevoked:
    case SecretsExceptionCode.OnlyActiveVersion:
    case SecretsExceptionCode.KeyIdTaken:
      return HttpStatus.CONFLICT;
    case SecretsExceptionCode.InvalidSecret:
      return HttpStatus.BAD_REQUEST;
    default:
      return assertUnreachable(code);
  }
}

function usersStatus(code: UsersExceptionCode): number {
  switch (code) {
    case UsersExceptionCode.UserNotFound:
      return HttpStatus.NOT_FOUND;
    case UsersExceptionCode.MappingConflict:
      return HttpStatus.CONFLICT;
    case UsersExceptionCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    default:
      return assertUnreachable(code);
  }
}

function vendorsStatus(code: VendorsExceptionCode): number {
  switch (code) {
    case VendorsExceptionCode.RuleViolated:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case VendorsExceptionCode.RejectedCredentials:
      return HttpStatus.BAD_GATEWAY;
    case VendorsExceptionCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return assertUnreachable(code);
  }
}

function statusOf(exception: DomainException): number {
  if (exception instanceof SecretsException) return secretsStatus(exception.code);
  if (exception instanceof UsersException) return usersStatus(exception.code);
  if (exception instanceof VendorsException) return vendorsStatus(exception.code);
  return commonStatus(exception.code);
}

const isDomainException = (exception: unknown): exception is DomainException =>
  exception instanceof ChatIdentityError ||
  exception instanceof SecretsException ||
  exception instanceof UsersException ||
  exception instanceof VendorsException;

interface StatusCarrier {
  statusCode?: unknown;
  message?: unknown;
}

/**
 * The one place errors become HTTP (each family of domain exceptions by an exhaustive switch above): every answer is `application/problem+json` with the request id.
 * Unknown errors are logged and answered with a fixed 500 that carries no message or stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    // Absent only when a host builds the filter by hand, outside the module.
    @Optional() private readonly metrics?: ChatIdentityMetrics,
  ) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    // A lost or timed-out database is the same 503 wherever it surfaces, never an "unexpected" 500.
    const exception = isDatabaseUnavailable(thrown) ? databaseUnavailable() : thrown;
    const http = host.switchToHttp();
    const request = http.getRequest();
    const response = http.getResponse();
    const requestId = requestIdOf(request);
    const body = { ...this.toProblem(exception, requestId), requestId };
    const adapter = this.adapterHost.httpAdapter;
    adapter.setHeader(response, 'content-type', PROBLEM_CONTENT_TYPE);
    adapter.setHeader(response, 'x-request-id', requestId);
    if (body.status === HttpStatus.UNAUTHORIZED) adapter.setHeader(response, 'www-authenticate', 'Bearer');
    const retryAfter = isDomainException(exception) ? exception.details.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) adapter.setHeader(response, 'retry-after', String(retryAfter));
    this.metrics?.refused(body.status);
    adapter.reply(response, body, body.status);
  }

  private toProblem(exception: unknown, requestId: string): ProblemDetails {
    if (isDomainException(exception)) {
      const errors = exception.details.errors;
      return problem(statusOf(exception), exception.message, errors?.length ? { errors } : {});
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
      return problem(status, 'The request is invalid.', { errors });
    }
    return problem(status, typeof message === 'string' ? message : exception.message);
  }
}
