import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stand-ins for the hash vendors' own checks, each written from the vendor's documentation: the
 * widget's hand-off is read the way the vendor reads it, the HMAC-SHA256 recomputed with the secret
 * over exactly the documented value, and compared with the hex the widget was given. True = the
 * vendor would accept the user as verified.
 */
export const FAKE_HASH_VERIFIERS = {
  /** Help Scout Beacon secure mode: `signature` = hex HMAC-SHA256 of `email` with the Beacon secret key. */
  helpscout: (handoff, secret) => {
    const { email, signature } = objectAt(handoff, 'identify');
    return matches(signature, secret, email);
  },
  /** Front Chat: `userHash` = hex HMAC-SHA256 of `email` with the chat's verification secret. */
  front: (handoff, secret) => {
    const { email, userHash } = objectAt(handoff, 'init');
    return matches(userHash, secret, email);
  },
  /** Chatwoot: `identifier_hash` = hex HMAC-SHA256 of the identifier given to setUser, with the inbox's HMAC token. */
  chatwoot: (handoff, secret) => {
    const setUser = objectAt(handoff, 'setUser');
    return matches(objectAt(setUser, 'user').identifier_hash, secret, setUser.identifier);
  },
  /** Crisp: `$crisp.push(["set", "user:email", [email, signature]])`, signature = HMAC-SHA256 of the email. */
  crisp: (handoff, secret) => {
    const push = handoff.push;
    if (!Array.isArray(push)) return false;
    const command = push.find((entry: unknown) => Array.isArray(entry) && entry[0] === 'set' && entry[1] === 'user:email') as unknown[] | undefined;
    const [email, signature] = Array.isArray(command?.[2]) ? (command[2] as unknown[]) : [];
    return matches(signature, secret, email);
  },
  /** tawk.to secure mode: `Tawk_API.login({ userId, hash })`, hash = HMAC-SHA256 of the userId with the property's key. */
  tawkto: (handoff, secret) => {
    const { userId, hash } = objectAt(handoff, 'login');
    return matches(hash, secret, userId);
  },
  /** Re:amaze: `authkey` = hex HMAC-SHA256 of `id + ":" + email` with the account's SSO secret. */
  reamaze: (handoff, secret) => {
    const { id, email, authkey } = objectAt(handoff, 'user');
    return typeof id === 'string' && typeof email === 'string' && matches(authkey, secret, `${id}:${email}`);
  },
} satisfies Record<string, (handoff: Record<string, unknown>, secret: string) => boolean>;

export type FakeHashVendor = keyof typeof FAKE_HASH_VERIFIERS;

/** The vendor's comparison: the hex it was given against its own HMAC of the value, byte for byte. */
function matches(signature: unknown, secret: string, value: unknown): boolean {
  if (typeof signature !== 'string' || typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(value, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
