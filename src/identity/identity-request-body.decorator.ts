import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validationFailed } from '../common/chat-identity.error.js';
import { strictValidationProblems } from '../common/validation.js';
import { IdentityRequestDto } from './subject/subject.dto.js';

/**
 * The token request's body, validated as strictly as the ValidationPipe would, but while Nest extracts
 * it rather than in a pipe: Nest runs every pipe of a route through a chain of promises per parameter,
 * which measured about 15 µs of each token request, the request every page load makes. End users send
 * `{}` or nothing, which no validator needs to see.
 */
export const IdentityRequestBody = createParamDecorator((_data: unknown, context: ExecutionContext): IdentityRequestDto => {
  const body = context.switchToHttp().getRequest<{ body?: unknown }>().body;
  if (body === undefined || body === null) return new IdentityRequestDto();
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed('The request body must be a JSON object.', [{ field: 'body', message: 'must be a JSON object' }]);
  }
  if (isEmpty(body)) return new IdentityRequestDto();
  const request = plainToInstance(IdentityRequestDto, body);
  const problems = strictValidationProblems(request);
  if (problems.length > 0) throw validationFailed('The request body is invalid.', problems);
  return request;
});

function isEmpty(body: object): boolean {
  for (const _key in body) return false;
  return true;
}
