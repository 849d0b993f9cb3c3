// Test-only: this vendor's check of a hand-off, written from its documentation (never from our code).
import { hexHmacMatches } from '../../../test/support/fake-hash-verifiers.js';
import type { Fields } from '../../../test/support/vendor-cases.js';

/** Crisp: `$crisp.push(["set", "user:email", [email, signature]])`, signature = HMAC-SHA256 of the email. */
export function crispAccepts(handoff: Fields, secret: string): boolean {
  const push = handoff.push;
  if (!Array.isArray(push)) return false;
  const command = push.find((entry: unknown) => Array.isArray(entry) && entry[0] === 'set' && entry[1] === 'user:email') as unknown[] | undefined;
  const [email, signature] = Array.isArray(command?.[2]) ? (command[2] as unknown[]) : [];
  return hexHmacMatches(signature, secret, email);
}
