import { type FieldProblem, malformedToken, payloadTooLarge } from '../common/chat-identity.error.js';

/** Larger input is refused before any decoding: no identity token comes anywhere near it. */
export const MAX_INSPECTED_TOKEN_BYTES = 16 * 1024;

/** Tiledesk's `signInWithCustomToken` string; stripped for decoding only. */
const JWT_PREFIX = /^JWT\s+/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A JWT read without trusting anything in it; `compact` is what signature checks run on. */
export interface UntrustedJwt {
  raw: string;
  compact: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Splits and decodes a JWT (optionally `JWT `-prefixed); 413/422 problems say precisely what is wrong. */
export function decodeUntrustedJwt(raw: string): UntrustedJwt {
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_INSPECTED_TOKEN_BYTES) {
    throw payloadTooLarge(
      `The token is ${bytes} bytes; the inspector reads at most ${MAX_INSPECTED_TOKEN_BYTES} (16 KB). Identity tokens are a few hundred bytes: check what was pasted.`,
    );
  }
  const compact = raw.trim().replace(JWT_PREFIX, '');
  if (compact === '') throw unreadable('The token is empty: paste the JWT (or Tiledesk\'s "JWT <token>" string).');
  const segments = compact.split('.');
  if (segments.length !== 3) {
    const hint = segments.length === 5 ? ' It looks like an encrypted JWE, which no vendor here uses.' : '';
    throw unreadable(`The token has ${segments.length} part(s) separated by dots; a signed JWT has 3 (header.payload.signature).${hint}`);
  }
  const [header, claims, signature] = segments;
  if (!BASE64URL.test(signature)) throw unreadable('The signature part is not base64url (letters, digits, - and _ only).');
  return { raw, compact, header: decodeSegment(header, 'header'), claims: decodeSegment(claims, 'payload') };
}

function decodeSegment(segment: string, name: 'header' | 'payload'): Record<string, unknown> {
  if (segment === '' || !BASE64URL.test(segment)) {
    throw unreadable(`The ${name} part is not base64url (letters, digits, - and _ only, no padding).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw unreadable(`The ${name} part decodes to something that is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw unreadable(`The ${name} part decodes to JSON that is not an object.`);
  }
  return value as Record<string, unknown>;
}

function unreadable(message: string): Error {
  const problem: FieldProblem = { field: 'token', message };
  return malformedToken(`The token cannot be decoded: ${message}`, [problem]);
}
