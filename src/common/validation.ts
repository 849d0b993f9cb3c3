import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { type FieldProblem, validationFailed } from './chat-identity.error.js';

/** Flattens class-validator's nested errors into `field: message` pairs with dotted paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/**
 * ValidationPipe with a shortcut for an empty body, which every end-user token request sends: once a
 * body class has accepted `{}`, later empty bodies get a fresh instance without running the validators
 * again (their verdict on `{}` cannot change): ~1 µs instead of ~7 µs per token request.
 */
class ValidationPipeWithEmptyBodyShortcut extends ValidationPipe {
  private readonly acceptsEmptyBody = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only bodies validated against a class: a primitive metatype is passed through as it came.
    const emptyBody = metadata.type === 'body' && this.toValidate(metadata) && isEmpty(value);
    if (emptyBody && this.acceptsEmptyBody.has(metadata.metatype!)) return plainToInstance(metadata.metatype!, {});
    const transformed: unknown = await super.transform(value, metadata);
    if (emptyBody) this.acceptsEmptyBody.add(metadata.metatype!);
    return transformed;
  }
}

/** No body at all, or `{}`. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const _key in value) return false;
  return true;
}

/** Body validation for every controller of the module: unknown fields are an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipeWithEmptyBodyShortcut({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed('The request body is invalid.', toFieldProblems(errors)),
  });
}
