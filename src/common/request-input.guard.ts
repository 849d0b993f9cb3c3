import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { unsupportedMediaType, validationFailed } from './chat-identity.error.js';
import { BULK_INPUT_LIMITS, findInputProblem, INPUT_LIMITS, isJsonContainer } from './request-input.js';

interface RequestInput {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

const BULK_BODY = Symbol('chat-identity.bulk-body');

/**
 * Marks a handler that checks its own body in linear time, row by row (the users import): it may take a
 * body no JSON parser produced (a text/csv stream) and more values than other bodies (BULK_INPUT_LIMITS).
 */
export const BulkBody = (): MethodDecorator => SetMetadata(BULK_BODY, true);

/**
 * The first guard of every chat-identity route, on any host: path and query parameters and the parsed
 * JSON body are scanned once for control characters, over-deep nesting and over-wide objects, and
 * refused with a 400 naming the field, before another guard (the trusted-server subject), a pipe or a
 * validator touches them. New DTOs (a vendor's settings) are covered without a line of their own.
 * A body that is not JSON (a stream or Buffer a text/csv parser left) reaches only a handler marked
 * `@BulkBody()`: class-transformer walking a socket aborts the process.
 */
@Injectable()
export class RequestInputGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const { params, query, body } = context.switchToHttp().getRequest<RequestInput>();
    // Copied: the routers hand them over as instances of their own classes, which the scan would not enter.
    const parameterProblem = findInputProblem({ ...(params as object) }) ?? findInputProblem({ ...(query as object) });
    if (parameterProblem) {
      throw validationFailed(`The parameter ${parameterProblem.field} ${parameterProblem.message}.`, [parameterProblem]);
    }
    if (body === null) {
      throw validationFailed('The request body must be a JSON object, not null.', [{ field: 'body', message: 'must be a JSON object' }]);
    }
    if (typeof body !== 'object') return true; // none, or text (a JSON primitive or a text/plain body): no container to walk
    const bulk = this.reflector.get<boolean | undefined>(BULK_BODY, context.getHandler()) === true;
    if (!isJsonContainer(body)) {
      if (bulk) return true;
      throw unsupportedMediaType('This endpoint takes an application/json body.');
    }
    // An array body is the users import's, whose problems name its rows as rows[i].
    const bodyProblem = findInputProblem(body, Array.isArray(body) ? 'rows' : '', bulk ? BULK_INPUT_LIMITS : INPUT_LIMITS);
    if (bodyProblem) throw validationFailed(`${bodyProblem.field} ${bodyProblem.message}.`, [bodyProblem]);
    return true;
  }
}
