import { Injectable } from '@nestjs/common';
import { algorithmFinding, describeDuration, numericClaim, stringClaim, type TokenLifetime } from '../common-token-rules.js';
import { identifierValue } from '../settings-fields.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import type { KustomerSettings } from './kustomer.settings.js';
import { KUSTOMER, KUSTOMER_TOKEN_LIFETIME_SECONDS } from './kustomer.vendor.js';

/**
 * Kustomer chat authentication (developer.kustomer.com, chat-sdk "Log in and authentication", web,
 * iOS and Android): an HS256 JWT signed with the chat secret, carrying `externalId` (the identifier
 * setting) and `iat`, which Kustomer accepts for 15 minutes. No `email`: when a token has both,
 * Kustomer identifies by the email and ignores the external id, and the stable id is what must follow
 * the user. Web `Kustomer.login({ jwtToken })`; logout `Kustomer.logout()`; mobile `Kustomer.logIn(jwt)`.
 */
@Injectable()
export class KustomerStrategy extends SignedJwtStrategy<KustomerSettings> {
  static readonly definition = KUSTOMER;

  /** Kustomer fixes the lifetime: 15 minutes from `iat`, and the token carries no `exp`. */
  protected override tokenTtlSeconds(): number {
    return KUSTOMER_TOKEN_LIFETIME_SECONDS;
  }

  protected vendorClaims(identity: IdentityClaims, settings: KustomerSettings, { iat }: TokenLifetime): Record<string, unknown> {
    return { externalId: identifierValue(settings.identifier, identity), iat };
  }

  protected handoff(jwtToken: string): Record<string, unknown> {
    return { login: { jwtToken } };
  }

  /** Without an `exp` the common expiry rules do not apply: the algorithm, then Kustomer's 15 minutes from `iat`. */
  protected override commonFindings(token: DecodedToken): InspectionFinding[] {
    return [algorithmFinding(KUSTOMER, token)];
  }

  protected vendorFindings(token: DecodedToken, _settings: KustomerSettings, nowSeconds: number): InspectionFinding[] {
    return [identityFinding(token.claims), issuedAtFinding(token.claims, nowSeconds)];
  }
}

function identityFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'kustomer.identity.external-id';
  const externalId = stringClaim(claims, 'externalId');
  const email = stringClaim(claims, 'email');
  if (externalId && email) {
    return { rule, ok: false, message: 'The token has both externalId and email: Kustomer then identifies by the email and ignores externalId; sign externalId only.' };
  }
  if (externalId) return { rule, ok: true, message: 'externalId is set: Kustomer links the chat to that customer on every device.' };
  if (email) return { rule, ok: true, message: 'The token identifies the customer by email (no externalId).' };
  return { rule, ok: false, message: 'Neither externalId nor email is set: Kustomer needs one of them to know the customer.' };
}

function issuedAtFinding(claims: Record<string, unknown>, nowSeconds: number): InspectionFinding {
  const rule = 'kustomer.iat.within-15-min';
  const limit = describeDuration(KUSTOMER_TOKEN_LIFETIME_SECONDS);
  const iat = numericClaim(claims, 'iat');
  if (iat === undefined) return { rule, ok: false, message: `iat is missing: Kustomer accepts a token for ${limit} after its iat; set it (Unix seconds).` };
  const age = nowSeconds - iat;
  if (age < 0) return { rule, ok: false, message: `iat is ${describeDuration(-age)} in the future: Kustomer refuses it; check the server clock.` };
  if (age < KUSTOMER_TOKEN_LIFETIME_SECONDS) {
    return { rule, ok: true, message: `iat is ${describeDuration(age)} old: Kustomer accepts it for ${describeDuration(KUSTOMER_TOKEN_LIFETIME_SECONDS - age)} more.` };
  }
  return { rule, ok: false, message: `iat is ${describeDuration(age)} old: Kustomer accepts a token only within ${limit} of its iat; issue a new one.` };
}
