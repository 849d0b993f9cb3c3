import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Values kept in the browser that only this service can read or forge: AES-256-GCM under a key derived
 * (HKDF-SHA256) from the master key, with the value's purpose as associated data, so a login cookie can
 * never be replayed as a session cookie. Rotating the master key ends every open session.
 */
export class CookieSealer {
  private readonly key: Buffer;

  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'chat-identity admin cookies', 32));
  }

  seal(purpose: string, value: object): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(purpose));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The sealed value, or undefined when it was not sealed here for this purpose (tampered, truncated, foreign). */
  open(purpose: string, sealed: string | undefined): unknown {
    if (!sealed) return undefined;
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plaintext = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(plaintext.toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

/** One cookie's value from a `Cookie` request header. */
export function cookieValue(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : (header ?? '');
  for (const pair of text.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

interface CookieAttributes {
  maxAgeSeconds: number;
  sameSite: 'Strict' | 'Lax';
}

/** A `Set-Cookie` value: always HttpOnly, Secure and host-only on `/` (the `__Host-` prefix demands all three). */
export function setCookie(name: string, value: string, { maxAgeSeconds, sameSite }: CookieAttributes): string {
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=${sameSite}`;
}
