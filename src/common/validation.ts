import type { ValidationError } from '@nestjs/common';
import { Matches, type ValidationOptions, validateSync } from 'class-validator';
import type { FieldProblem } from './chat-identity.error.js';

// The formats the module checks, in one place: as class-validator decorators for DTOs, as patterns for the rest.

/** E.164: a plus, a country code not starting with 0, at most 15 digits in all (7 at least: no real number is shorter). */
export const E164_PHONE = /^\+[1-9]\d{6,14}$/;
/** Any UUID shape, lower-case only: the stable user ids, and what vendors such as Glassix demand. */
export const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Any UUID shape, either case (imported mappings are stored lower-case). */
export const ANY_CASE_UUID = new RegExp(LOWER_CASE_UUID.source, 'i');
/** An integration's slug: it appears in URLs. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A phone number in E.164 format, e.g. +14155550123. */
export const IsE164 = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(E164_PHONE, { message: '$property must be an E.164 number such as +14155550123', ...options });

/** A UUID in lower case, e.g. 3f2b6c1e-8a4d-4c2f-9e7a-1b2c3d4e5f60. */
export const IsLowerCaseUuid = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(LOWER_CASE_UUID, { message: '$property must be a lower-case UUID', ...options });

/** An integration slug. */
export const IsSlug = (options: ValidationOptions = {}): PropertyDecorator =>
  Matches(SLUG, { message: '$property must be 1-64 lower-case letters, digits or hyphens, not starting or ending with a hyphen', ...options });

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
