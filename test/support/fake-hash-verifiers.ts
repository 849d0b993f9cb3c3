import { createHmac, timingSafeEqual } from 'node:crypto';
import { accepted, type FakeWidget, type Fields, type HashCase, type VendorCase } from './vendor-cases.js';

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

/** What a hash vendor's case gives: its check, whom a hand-off names, what it signs, and its fake widget. */
export interface HashVendorCaseInput extends HashCase {
  vendor: string;
  settings?: Record<string, unknown>;
  /** The user the vendor shows, read from a hand-off it accepted. */
  userOf(handoff: Fields): unknown;
  fakeWidget: FakeWidget;
}

/** A hash vendor's case: the integration's secret, the vendor's check of a hand-off, a credential that never expires. */
export function hashVendorCase({ vendor, settings = {}, userOf, fakeWidget, ...hash }: HashVendorCaseInput): Omit<VendorCase, 'slug'> {
  const secret = `browser-${vendor}-verification-secret`;
  return {
    vendor,
    settings,
    secret,
    lifetimeSeconds: null,
    async verify(handoff) {
      if (!hash.accepts(handoff as Fields, secret)) throw new Error(`the ${vendor} signature does not match`);
      return accepted(userOf(handoff as Fields));
    },
    fakeWidget,
    hash,
  };
}
