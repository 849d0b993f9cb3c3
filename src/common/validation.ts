import { type ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync } from 'class-validator';
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
 * class-validator's verdict on an instance, unknown fields counted as errors, as field problems under
 * `path`. `ruleless`: the class may have no rules at all (a vendor with nothing to configure), and an
 * instance of it is valid when it has no fields.
 */
export function strictValidationProblems(instance: object, path = '', ruleless = false): FieldProblem[] {
  return toFieldProblems(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: !ruleless }), path);
}

/** Body validation for every controller of the module: unknown fields are an error, not silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => validationFailed('The request body is invalid.', toFieldProblems(errors)),
  });
}
