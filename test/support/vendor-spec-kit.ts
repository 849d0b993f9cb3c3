import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createSecretKey } from 'node:crypto';
import { ChatIdentityError, ChatIdentityException } from '../../src/common/chat-identity.error.js';
import type { DecodedToken, IdentityClaims, SigningKey, VendorStrategy } from '../../src/vendors/vendor-strategy.js';

/** Fixtures shared by the vendor strategy specs (src/vendors/<vendor>/<vendor>.strategy.spec.ts). */
export const SECRET = 'a-vendor-secret-of-32-characters!';
export const secretBytes = new TextEncoder().encode(SECRET);
export const signingKey: SigningKey = { version: 1, fingerprint: 'x', key: createSecretKey(Buffer.from(SECRET)) };
export const USER_ID = 'db79e775-81fd-4f2e-8741-9266e920cc32';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The canonical claims of a signed-in user, issued now. */
export function identityClaims(overrides: Partial<IdentityClaims> = {}): IdentityClaims {
  return {
    userId: USER_ID,
    externalId: 'ext-42',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    attributes: { plan: 'gold' },
    issuedAt: nowSeconds(),
    ...overrides,
  };
}

/** The error code and field names `parseSettings` answers for invalid settings. */
export function settingsProblemsOf(strategy: VendorStrategy, raw: unknown): { code: string; fields: string[] } {
  try {
    strategy.parseSettings(raw);
  } catch (error) {
    if (!(error instanceof ChatIdentityError)) throw error;
    return { code: error.code, fields: (error.details.errors ?? []).map((problem) => problem.field) };
  }
  throw new Error('parseSettings accepted invalid settings');
}

/** A token as the inspector receives it; Tiledesk's `JWT ` prefix stays in `raw`. */
export function decodeToken(raw: string): DecodedToken {
  const token = raw.replace(/^JWT /, '');
  return { raw, header: { ...decodeProtectedHeader(token) }, claims: { ...decodeJwt(token) } };
}

export function withoutClaim(claims: Record<string, unknown>, name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([claim]) => claim !== name));
}

/** The ChatIdentityError a promise rejects with; anything else fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<ChatIdentityException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ChatIdentityException)) throw new Error(`expected a ChatIdentityException, got ${String(error)}`);
  return error;
}
