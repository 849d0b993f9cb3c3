import { plainToInstance } from 'class-transformer';
import { type FieldProblem, validationFailed } from '../common/chat-identity.error.js';
import { strictValidationProblems } from '../common/validation.js';
import { claimMappingProblems } from './claim-mapping.js';
import type { VendorDefinition } from './vendor-definition.js';

/**
 * Validates a vendor's settings object against its class-validator class: unknown keys are rejected,
 * required ones named, and a `claims` mapping may never touch a reserved claim. Returns the instance
 * with defaults applied.
 */
export function parseVendorSettings<S extends object>(vendor: Pick<VendorDefinition<S>, 'settings' | 'reservedClaims'>, raw: unknown): S {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw validationFailed('settings must be an object', [{ field: 'settings', message: 'must be an object' }]);
  }
  const settings = plainToInstance(vendor.settings, raw, { exposeDefaultValues: true });
  const problems: FieldProblem[] = [
    ...strictValidationProblems(settings, 'settings', true),
    ...claimMappingProblems((raw as { claims?: unknown }).claims, vendor.reservedClaims),
  ];
  if (problems.length > 0) throw validationFailed('The integration settings are invalid.', problems);
  return settings;
}
