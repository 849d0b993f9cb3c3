// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches, objectAt } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** Chatwoot: `identifier_hash` = hex HMAC-SHA256 of the identifier given to setUser, with the inbox's HMAC token. */
export function chatwootAccepts(handoff: Fields, secret: string): boolean {
  const setUser = objectAt(handoff, 'setUser');
  return hexHmacMatches(objectAt(setUser, 'user').identifier_hash, secret, setUser.identifier);
}
