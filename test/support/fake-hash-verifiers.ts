import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Fields } from './vendor-cases.js';

/**
 * What the hash vendors' own checks share (each vendor's check is in its folder, <id>.fake.ts, written
 * from its documentation): the HMAC-SHA256 recomputed with the secret over exactly the documented
 * value, compared with the hex the widget was given, byte for byte.
 */
export function hexHmacMatches(signature: unknown, secret: string, value: unknown): boolean {
  if (typeof signature !== 'string' || typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const expected = createHmac('sha256', secret).update(value, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The object under `key`, read as a vendor reads a hand-off: anything else is empty. */
export function objectAt(parent: Fields, key: string): Fields {
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}
