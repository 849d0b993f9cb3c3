import { describeDuration, lifetimeSeconds, stringClaim } from '../common-token-rules.js';
import type { DecodedToken, InspectionFinding } from '../vendor-strategy.js';
import { LOWER_CASE_UUID } from '../../common/validation.js';
import { GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS, GLASSIX_RECOMMENDED_MIN_TTL_SECONDS, identityTokenClaimsLength } from './glassix.rules.js';
import type { GlassixSettings } from './glassix.settings.js';

/** Every Glassix rule of docs/vendors.md, checked on a decoded token after the common JWT rules (the signature is checked elsewhere). */
export function inspectGlassixToken(token: DecodedToken, settings: GlassixSettings, nowSeconds?: number): InspectionFinding[] {
  return [
    issuerFinding(token.claims, settings.apiKey.toLowerCase()),
    audienceFinding(token.claims),
    identityTokenClaimsSizeFinding(token.claims),
    recommendedLifetimeFinding(token.claims, nowSeconds),
  ];
}

function issuerFinding(claims: Record<string, unknown>, apiKey: string): InspectionFinding {
  const rule = 'glassix.iss.api-key';
  const iss = stringClaim(claims, 'iss');
  if (iss === apiKey) return { rule, ok: true, message: "iss is this integration's department API key, in lower case." };
  if (iss === undefined) {
    return { rule, ok: false, message: `iss is missing: Glassix needs the department API key (${apiKey}), in lower case.` };
  }
  if (iss.toLowerCase() === apiKey) {
    return { rule, ok: false, message: `iss is upper case: Glassix needs the department API key in lower case (${apiKey}).` };
  }
  return {
    rule,
    ok: false,
    message: `iss is not this integration's department API key: Glassix expects ${apiKey} (the API key, not the secret), in lower case.`,
  };
}

function audienceFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'glassix.aud.lowercase-uuid';
  const aud = stringClaim(claims, 'aud');
  if (aud !== undefined && LOWER_CASE_UUID.test(aud)) {
    return { rule, ok: true, message: 'aud is a lower-case UUID; it must equal the uniqueIdentifier passed to the widget.' };
  }
  if (aud === undefined) {
    return { rule, ok: false, message: "aud is missing: Glassix needs the user's stable lower-case UUID, the one you pass as uniqueIdentifier." };
  }
  if (LOWER_CASE_UUID.test(aud.toLowerCase())) {
    return { rule, ok: false, message: 'aud is upper case: Glassix needs the lower-case UUID you pass as uniqueIdentifier.' };
  }
  return {
    rule,
    ok: false,
    message: "aud is not a UUID: Glassix needs the user's stable lower-case UUID (8-4-4-4-12 hex digits), the one you pass as uniqueIdentifier.",
  };
}

function identityTokenClaimsSizeFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'glassix.custom-claims.max-500-chars';
  const length = identityTokenClaimsLength(claims);
  if (length <= GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS) {
    return { rule, ok: true, message: `The custom claims serialize to ${length} characters, within Glassix's ${GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS}.` };
  }
  return {
    rule,
    ok: false,
    message:
      `The custom claims (all but iss, aud, sub, exp, iat and field1..fieldN) serialize to ${length} characters: ` +
      `Glassix accepts at most ${GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS}; map fewer or shorter claims, or move values to field1..fieldN.`,
  };
}

function recommendedLifetimeFinding(claims: Record<string, unknown>, nowSeconds?: number): InspectionFinding {
  const rule = 'glassix.exp.recommended-lifetime';
  const recommended = describeDuration(GLASSIX_RECOMMENDED_MIN_TTL_SECONDS);
  const lifetime = lifetimeSeconds(claims, nowSeconds);
  if (lifetime === undefined) {
    return { rule, ok: false, message: `Without exp the lifetime cannot be checked: Glassix recommends exp at least ${recommended} after iat.` };
  }
  if (lifetime >= GLASSIX_RECOMMENDED_MIN_TTL_SECONDS) {
    return { rule, ok: true, message: `The token lives ${describeDuration(lifetime)}, at least the ${recommended} Glassix recommends.` };
  }
  return {
    rule,
    ok: false,
    message:
      `Warning: the token lives ${describeDuration(Math.max(lifetime, 0))}, less than the ${recommended} Glassix recommends; ` +
      `raise tokenTtlSeconds to ${GLASSIX_RECOMMENDED_MIN_TTL_SECONDS} or more.`,
  };
}
