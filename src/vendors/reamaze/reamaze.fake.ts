// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches, objectAt } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** Re:amaze: `authkey` = hex HMAC-SHA256 of `id + ":" + email` with the account's SSO secret. */
export function reamazeAccepts(handoff: Fields, secret: string): boolean {
  const { id, email, authkey } = objectAt(handoff, 'user');
  return typeof id === 'string' && typeof email === 'string' && hexHmacMatches(authkey, secret, `${id}:${email}`);
}
