import { Injectable } from '@nestjs/common';
import { vendorRuleViolated } from '../vendors.exception.js';
import { resolveClaimMapping, withCustomClaims } from '../claim-mapping.js';
import { requireSigningKey, tokenLifetime } from '../common-token-rules.js';
import { TokenSigner } from '../token-signer.js';
import { parseVendorSettings } from '../vendor-settings.js';
import {
  type DecodedToken,
  type InspectionFinding,
  type IntegrationRef,
  type IssuedIdentity,
  type IssueRequest,
  type JwtVendorStrategy,
} from '../vendor-strategy.js';
import { inspectGlassixToken } from './glassix.inspection.js';
import { LOWER_CASE_UUID } from '../../common/validation.js';
import { GLASSIX_IDENTITY_TOKEN_CLAIMS_MAX_CHARS, identityTokenClaimsLength } from './glassix.rules.js';
import { GLASSIX } from './glassix.vendor.js';
import { GlassixSettings } from './glassix.settings.js';

/**
 * Glassix chat widget identity verification (docs/vendors.md > Glassix; docs.glassix.com "chat widget
 * identity verification" and "chat widget methods"): an HS256 JWT signed with the department API
 * secret, `iss` = the department API key and `aud` = the user's stable id, both lower-case UUIDs,
 * `aud` identical to `widgetOptions.uniqueIdentifier`; `iat`, `sub: ""`, `exp` (5 h by default, the
 * vendor's recommended minimum); mapped `field1`..`fieldN` and custom claims, the latter at most 500
 * JSON characters (422 over it, never a truncated token).
 */
@Injectable()
export class GlassixStrategy implements JwtVendorStrategy<GlassixSettings> {
  static readonly definition = GLASSIX;
  readonly definition = GLASSIX;

  constructor(private readonly signer: TokenSigner) {}

  parseSettings(raw: unknown): GlassixSettings {
    return parseVendorSettings(GLASSIX, raw);
  }

  async issue(request: IssueRequest<GlassixSettings>): Promise<IssuedIdentity> {
    const signingKey = requireSigningKey(request, GLASSIX);
    const { settings } = request.integration;
    const apiKey = settings.apiKey.toLowerCase();
    const uniqueIdentifier = request.claims.userId.toLowerCase();
    if (!LOWER_CASE_UUID.test(uniqueIdentifier)) {
      throw vendorRuleViolated('Glassix requires aud (uniqueIdentifier) to be a UUID, and this user id is not one.');
    }
    const { iat, exp, expiresAt } = tokenLifetime(request.claims.issuedAt, settings.tokenTtlSeconds);
    const claims = withCustomClaims(
      { iss: apiKey, aud: uniqueIdentifier, sub: '', iat, exp },
      resolveClaimMapping(settings.claims, request.claims),
      GLASSIX.reservedClaims,
    );
    assertIdentityTokenClaimsFit(claims);
    const identityToken = this.signer.sign(claims, signingKey);
    return { expiresAt, handoff: { widgetOptions: { apiKey, snippetId: settings.snippetId, uniqueIdentifier, identityToken } } };
  }

  inspect(token: DecodedToken, integration: IntegrationRef<GlassixSettings>): InspectionFinding[] {
    return inspectGlassixToken(token, integration.settings);
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
