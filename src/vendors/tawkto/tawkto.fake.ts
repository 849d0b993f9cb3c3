// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches, objectAt } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** tawk.to secure mode: `Tawk_API.login({ userId, hash })`, hash = HMAC-SHA256 of the userId with the property's key. */
export function tawktoAccepts(handoff: Fields, secret: string): boolean {
  const { userId, hash } = objectAt(handoff, 'login');
  return hexHmacMatches(hash, secret, userId);
}
