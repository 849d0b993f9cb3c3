// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches, objectAt } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** Front Chat: `userHash` = hex HMAC-SHA256 of `email` with the chat's verification secret. */
export function frontAccepts(handoff: Fields, secret: string): boolean {
  const { email, userHash } = objectAt(handoff, 'init');
  return hexHmacMatches(userHash, secret, email);
}
