import type { DecodedToken, InspectionFinding, IssueRequest, SigningKey } from './vendor-strategy.js';

/** The vendor a shared rule is checked for: `id` prefixes rule ids, `name` goes into messages. */
export interface VendorLabel {
  id: string;
  name: string;
}

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

/** The rules every vendor here shares: HS256, an `exp`, and that `exp` not yet passed. */
export function commonTokenFindings(vendor: VendorLabel, token: DecodedToken, nowSeconds = currentUnixSeconds()): InspectionFinding[] {
  return [algorithmFinding(vendor, token), expPresentFinding(vendor, token), notExpiredFinding(vendor, token, nowSeconds)];
}

function algorithmFinding(vendor: VendorLabel, token: DecodedToken): InspectionFinding {
  const rule = `${vendor.id}.alg.hs256`;
  const alg = token.header.alg;
  if (alg === 'HS256') return { rule, ok: true, message: 'alg is HS256, as the vendor expects.' };
  const found = typeof alg === 'string' ? `alg is ${alg}` : 'alg is missing';
  return { rule, ok: false, message: `${found}: ${vendor.name} verifies an HS256 signature made with its shared secret; sign with HS256.` };
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
