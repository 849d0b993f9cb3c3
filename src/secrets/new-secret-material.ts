import { calculateJwkThumbprint } from 'jose';
import { createHash, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { SecretKeyFormat } from './entities/integration-secret.entity.js';
import { invalidSecret } from './secrets.exception.js';

/** What a new version holds: a secret the vendor issued (with its key id, if it has one), or a key pair we generate. */
export type NewSecretVersion = { source: 'vendor'; secret: unknown; keyId?: unknown } | { source: 'generated'; keyId?: unknown };

/** A new version's material, ready to seal: made before any transaction (key generation takes a while). */
export interface PreparedSecret {
  plaintext: Buffer;
  format: SecretKeyFormat;
  fingerprint: string;
  keyId: string | null;
}

const generateRsaKeyPair = promisify(generateKeyPair);
/** RSA-2048: what the RS256 vendors accept, and ~1 ms a signature. */
const RSA_MODULUS_BITS = 2048;
/** Printable ASCII without spaces, as vendors' key ids are (Zendesk `app_...`). */
const KEY_ID = /^[\x21-\x7e]{1,255}$/;
const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 4096;

/** Validates and makes a new version's material; generating a key pair runs off the event loop. */
export async function prepareSecret(version: NewSecretVersion): Promise<PreparedSecret> {
  const keyId = acceptableKeyId(version.keyId);
  if (version.source === 'vendor') {
    const secret = assertAcceptableSecret(version.secret);
    return { plaintext: Buffer.from(secret, 'utf8'), format: SecretKeyFormat.Secret, fingerprint: fingerprintOf(secret), keyId };
  }
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: RSA_MODULUS_BITS });
  const { kty, n, e } = publicKey.export({ format: 'jwk' });
  return {
    plaintext: privateKey.export({ format: 'der', type: 'pkcs8' }),
    format: SecretKeyFormat.RsaPrivateKey,
    fingerprint: fingerprintOf(publicKey.export({ format: 'der', type: 'spki' })),
    // RFC 7638: a kid derived from the key itself, unless the admin names it.
    keyId: keyId ?? (await calculateJwkThumbprint({ kty, n, e })),
  };
}

/** A short, non-reversible name for a secret, so admins can tell versions apart without seeing them. */
function fingerprintOf(secret: string | Buffer): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

function acceptableKeyId(keyId: unknown): string | null {
  if (keyId === undefined || keyId === null) return null;
  if (typeof keyId === 'string' && KEY_ID.test(keyId)) return keyId;
  const message = 'keyId must be the vendor\'s key id: 1 to 255 printable characters, no spaces';
  throw invalidSecret(message, { errors: [{ field: 'keyId', message }] });
}

function assertAcceptableSecret(secret: unknown): string {
  const fail = (message: string): never => {
    throw invalidSecret(message, { errors: [{ field: 'secret', message }] });
  };
  if (typeof secret !== 'string' || secret.length === 0) return fail('secret is required');
  if (secret.length < MIN_SECRET_LENGTH) return fail(`secret must be at least ${MIN_SECRET_LENGTH} characters`);
  if (secret.length > MAX_SECRET_LENGTH) return fail(`secret must be at most ${MAX_SECRET_LENGTH} characters`);
  if (secret.trim() !== secret) return fail('secret must not start or end with white space');
  return secret;
}
