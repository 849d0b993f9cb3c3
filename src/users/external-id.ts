import { hasControlCharacter } from '../common/request-input.js';
import { MAX_EXTERNAL_ID_LENGTH } from './user-profile.js';
import { invalidUserInput } from './users.exception.js';

/** What is wrong with an external id that can never be stored, or null when it can be. */
export function externalIdProblem(externalId: unknown): string | null {
  if (typeof externalId !== 'string' || externalId.length === 0) return 'externalId must be a non-empty string';
  if (externalId.length > MAX_EXTERNAL_ID_LENGTH) return `externalId must be at most ${MAX_EXTERNAL_ID_LENGTH} characters`;
  if (hasControlCharacter(externalId)) return 'externalId must not contain control characters (such as NUL)';
  return null;
}

export function assertExternalId(externalId: unknown): void {
  const problem = externalIdProblem(externalId);
  if (problem) throw invalidUserInput(problem, [{ field: 'externalId', message: problem }]);
}
