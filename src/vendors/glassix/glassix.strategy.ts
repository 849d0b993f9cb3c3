import { Injectable } from '@nestjs/common';
import { vendorRuleViolated } from '../vendors.exception.js';
import type { TokenLifetime } from '../common-token-rules.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import { inspectGlassixToken } from './glassix.inspection.js';
import { LOWER_CASE_UUID } from '../../common/validation.js';
import { GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS, identityTokenClaimsLength } from './glassix.rules.js';
import { GLASSIX } from './glassix.vendor.js';
import type { GlassixSettings } from './glassix.settings.js';

/**
 * Glassix chat widget identity verification (docs/vendors.md > Glassix; docs.glassix.com "chat widget
 * identity verification" and "chat widget methods"): an HS256 JWT signed with the department API
 * secret, `iss` = the department API key and `aud` = the user's stable id, both lower-case UUIDs,
 * `aud` identical to `widgetOptions.uniqueIdentifier`; `iat`, `sub: ""`, `exp` (5 h by default, the
 * vendor's recommended minimum); mapped `field1`..`fieldN` and custom claims, the latter at most 500
 * JSON characters (422 over it, never a truncated token).
 */
@Injectable()
export class GlassixStrategy extends SignedJwtStrategy<GlassixSettings> {
  static readonly definition = GLASSIX;

  protected vendorClaims(identity: IdentityClaims, settings: GlassixSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    const uniqueIdentifier = identity.userId.toLowerCase();
    if (!LOWER_CASE_UUID.test(uniqueIdentifier)) {
      throw vendorRuleViolated('Glassix requires aud (uniqueIdentifier) to be a UUID, and this user id is not one.');
    }
    return { iss: settings.apiKey.toLowerCase(), aud: uniqueIdentifier, sub: '', iat, exp };
  }

  /** Beside the vendor's own, and within Glassix's 500 characters of JSON (a 422 over it, never a truncated token). */
  protected override withMappedClaims(own: Record<string, unknown>, mapped: Record<string, unknown>): Record<string, unknown> {
    const claims = super.withMappedClaims(own, mapped);
    assertIdentityTokenClaimsFit(claims);
    return claims;
  }

  protected handoff(identityToken: string, settings: GlassixSettings, identity: IdentityClaims): Record<string, unknown> {
    const widgetOptions = { apiKey: settings.apiKey.toLowerCase(), snippetId: settings.snippetId, uniqueIdentifier: identity.userId.toLowerCase(), identityToken };
    return { widgetOptions };
  }

  protected vendorFindings(token: DecodedToken, settings: GlassixSettings, nowSeconds: number): InspectionFinding[] {
    return inspectGlassixToken(token, settings, nowSeconds);
  }
}

function assertIdentityTokenClaimsFit(claims: Record<string, unknown>): void {
  const length = identityTokenClaimsLength(claims);
  if (length > GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS) {
    throw vendorRuleViolated(
      `Glassix limits the custom claims (all but field1..fieldN) to ${GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS} characters of JSON; ` +
        `this user's serialize to ${length}. Map fewer or shorter claims in the integration settings.`,
    );
  }
}
