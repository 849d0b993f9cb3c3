import { createParamDecorator, type ExecutionContext, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validationFailed } from './chat-identity.error.js';
import { strictValidationProblems } from './validation.js';

type InputPart = 'body' | 'query';

/** `value` as an instance of `dto`, validated strictly (unknown fields are errors); field problems otherwise. */
export function strictInstance<T extends object>(dto: Type<T>, value: unknown, part: InputPart): T {
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw validationFailed(`The request ${part} must be a JSON object.`, [{ field: part, message: 'must be a JSON object' }]);
  }
  const instance = plainToInstance(dto, value ?? {});
  const problems = strictValidationProblems(instance);
  if (problems.length > 0) throw validationFailed(`The request ${part} is invalid.`, problems);
  return instance;
}

const extract = (part: InputPart) =>
  createParamDecorator((dto: Type<object>, context: ExecutionContext) =>
    strictInstance(dto, context.switchToHttp().getRequest<Record<InputPart, unknown>>()[part], part),
  );

/**
 * The request body as `dto`, validated while Nest extracts it. A custom parameter, so a host's global
 * ValidationPipe leaves it alone (it validates custom parameters only with `validateCustomDecorators`),
 * and its field problems reach the caller with their field names whatever pipes the host has.
 */
export const ValidatedBody = (dto: Type<object>): ParameterDecorator => extract('body')(dto);

/** The query string as `dto`, validated the same way. */
export const ValidatedQuery = (dto: Type<object>): ParameterDecorator => extract('query')(dto);
