import { CredentialKind, type VendorDefinition } from './vendor-definition.js';
import type { DecodedToken, InspectionFinding, IssueRequest, SigningKey } from './vendor-strategy.js';

/** The vendor a shared rule is checked for: `id` prefixes rule ids, `name` goes into messages, `credential` names the algorithm. */
export type VendorLabel = Pick<VendorDefinition, 'id' | 'name' | 'credential'>;

/** `iat`/`exp` claims of a token issued at `issuedAt` for `ttlSeconds`, and the matching `expiresAt`. */
export interface TokenLifetime {
  iat: number;
  exp: number;
  expiresAt: Date;
}

export function tokenLifetime(issuedAt: number, ttlSeconds: number): TokenLifetime {
  const exp = issuedAt + ttlSeconds;
  return { iat: issuedAt, exp, expiresAt: new Date(exp * 1000) };
}

/** The caller guarantees a key whenever `requiresSecret` is true; its absence is a programming error. */
export function requireSigningKey(request: IssueRequest<unknown>, vendor: VendorLabel): SigningKey {
  if (!request.signingKey) throw new Error(`${vendor.name} tokens are signed with the vendor secret, but no signing key was given`);
  return request.signingKey;
}

export function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' ? value : undefined;
}

export function numericClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Seconds from `iat` (or from now, without one) to `exp`; undefined without a numeric `exp`. */
export function lifetimeSeconds(claims: Record<string, unknown>, nowSeconds = currentUnixSeconds()): number | undefined {
  const exp = numericClaim(claims, 'exp');
  if (exp === undefined) return undefined;
  return exp - (numericClaim(claims, 'iat') ?? nowSeconds);
}

/** `18000` -> `5 h`, `5400` -> `1 h 30 min`, `45` -> `45 s`. */
export function describeDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [hours && `${hours} h`, minutes && `${minutes} min`, rest && `${rest} s`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

/** The rules every signed-here JWT vendor shares: its one algorithm, an `exp`, and that `exp` not yet passed. */
export function commonTokenFindings(vendor: VendorLabel, token: DecodedToken, nowSeconds = currentUnixSeconds()): InspectionFinding[] {
  return [algorithmFinding(vendor, token), expPresentFinding(vendor, token), notExpiredFinding(vendor, token, nowSeconds)];
}

/** HS256 for vendors that gave us a secret, RS256 for those that verify our own key pair. */
export function algorithmFinding(vendor: VendorLabel, token: DecodedToken): InspectionFinding {
  const rs256 = vendor.credential === CredentialKind.Rs256Jwt;
  const expected = rs256 ? 'RS256' : 'HS256';
  const rule = `${vendor.id}.alg.${expected.toLowerCase()}`;
  const alg = token.header.alg;
  if (alg === expected) return { rule, ok: true, message: `alg is ${expected}, as the vendor expects.` };
  const found = typeof alg === 'string' ? `alg is ${alg}` : 'alg is missing';
  const how = rs256 ? 'an RS256 signature made with our private key, checked against our JWK Set' : 'an HS256 signature made with its shared secret';
  return { rule, ok: false, message: `${found}: ${vendor.name} verifies ${how}; sign with ${expected}.` };
}

/** The header names the signing key (`kid`), as vendors holding several keys need to pick one. */
export function keyIdFinding(vendor: VendorLabel, token: DecodedToken): InspectionFinding {
  const rule = `${vendor.id}.kid.present`;
  const kid = token.header.kid;
  if (typeof kid === 'string' && kid.length > 0) return { rule, ok: true, message: `kid is ${kid}: ${vendor.name} verifies with the key of that id.` };
  return {
    rule,
    ok: false,
    message: `kid is missing from the header: ${vendor.name} picks the verification key by kid; give the secret version its keyId.`,
  };
}

function expPresentFinding(vendor: VendorLabel, token: DecodedToken): InspectionFinding {
  const rule = `${vendor.id}.exp.present`;
  if (numericClaim(token.claims, 'exp') !== undefined) return { rule, ok: true, message: 'exp is set (Unix seconds).' };
  const found = token.claims.exp === undefined ? 'exp is missing' : 'exp is not a number of Unix seconds';
  return { rule, ok: false, message: `${found}: ${vendor.name} tokens must expire; set exp to the expiry time in Unix seconds (UTC).` };
}

function notExpiredFinding(vendor: VendorLabel, token: DecodedToken, nowSeconds: number): InspectionFinding {
  const rule = `${vendor.id}.exp.not-expired`;
  const exp = numericClaim(token.claims, 'exp');
  if (exp === undefined) {
    return { rule, ok: false, message: `Without a numeric exp the token never expires: ${vendor.name} must get a token that does; set exp.` };
  }
  if (exp > nowSeconds) return { rule, ok: true, message: `The token is valid until ${new Date(exp * 1000).toISOString()}.` };
  return {
    rule,
    ok: false,
    message: `The token expired at ${new Date(exp * 1000).toISOString()}: ${vendor.name} rejects it; issue a new token.`,
  };
}

function currentUnixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
