import { describeDuration, lifetimeSeconds, stringClaim } from '../common-token-rules.js';
import type { DecodedToken, InspectionFinding } from '../vendor-strategy.js';
import { DECIMAL_RECOMMENDED_MAX_TTL_SECONDS } from './decimal.rules.js';

/** Every Decimal rule of docs/vendors.md, checked on a decoded token after the common JWT rules (the signature is checked elsewhere). */
export function inspectDecimalToken(token: DecodedToken, nowSeconds?: number): InspectionFinding[] {
  return [
    emailFinding(token.claims),
    recommendedLifetimeFinding(token.claims, nowSeconds),
    disableEscalationFinding(token.claims),
  ];
}

function emailFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'decimal.email.present';
  if (stringClaim(claims, 'email')?.trim()) return { rule, ok: true, message: 'email is set.' };
  const found = claims.email === undefined ? 'email is missing' : 'email is not a non-empty string';
  return { rule, ok: false, message: `${found}: Decimal requires the user's email in the token; only issue tokens for users with one.` };
}

function recommendedLifetimeFinding(claims: Record<string, unknown>, nowSeconds?: number): InspectionFinding {
  const rule = 'decimal.exp.recommended-lifetime';
  const recommended = describeDuration(DECIMAL_RECOMMENDED_MAX_TTL_SECONDS);
  const lifetime = lifetimeSeconds(claims, nowSeconds);
  if (lifetime === undefined) {
    return { rule, ok: false, message: `Without exp the lifetime cannot be checked: Decimal requires exp, at most ${recommended} after iat.` };
  }
  if (lifetime <= DECIMAL_RECOMMENDED_MAX_TTL_SECONDS) {
    return { rule, ok: true, message: `The token lives ${describeDuration(Math.max(lifetime, 0))}, within the ${recommended} Decimal recommends.` };
  }
  return {
    rule,
    ok: false,
    message: `Warning: the token lives ${describeDuration(lifetime)}, more than the ${recommended} Decimal recommends; lower tokenTtlSeconds to ${DECIMAL_RECOMMENDED_MAX_TTL_SECONDS} or less.`,
  };
}

function disableEscalationFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'decimal.disable_escalation.boolean';
  const value = claims.disable_escalation;
  if (value === undefined || typeof value === 'boolean') {
    return { rule, ok: true, message: `disable_escalation is ${value === undefined ? 'absent (escalation allowed)' : String(value)}.` };
  }
  return { rule, ok: false, message: 'disable_escalation is not a boolean: Decimal expects true or false (use the disableEscalation setting).' };
}
