/** Glassix recommends tokens that live at least 5 hours. */
export const GLASSIX_RECOMMENDED_MIN_TTL_SECONDS = 5 * 60 * 60;

/** Limit on the JSON of the claims that land in the ticket's `identityTokenClaims`. */
export const GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS = 500;

const REGISTERED_CLAIMS = new Set(['iss', 'aud', 'sub', 'exp', 'iat', 'nbf', 'jti']);
const TICKET_FIELD_CLAIM = /^field[1-9][0-9]*$/;

/** The claims Glassix stores in `identityTokenClaims`: all but the registered ones and `field1`..`fieldN`. */
export function identityTokenClaimsOf(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([claim]) => !REGISTERED_CLAIMS.has(claim) && !TICKET_FIELD_CLAIM.test(claim)));
}

/** Characters of the JSON Glassix measures against its 500-character limit. */
export function identityTokenClaimsLength(claims: Record<string, unknown>): number {
  return JSON.stringify(identityTokenClaimsOf(claims)).length;
}
