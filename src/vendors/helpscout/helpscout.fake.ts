// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches, objectAt } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** Help Scout Beacon secure mode: `signature` = hex HMAC-SHA256 of `email` with the Beacon secret key. */
export function helpscoutAccepts(handoff: Fields, secret: string): boolean {
  const { email, signature } = objectAt(handoff, 'identify');
  return hexHmacMatches(signature, secret, email);
}
