import { Inject, Injectable } from '@nestjs/common';
import { stringClaim, type TokenLifetime } from '../common-token-rules.js';
import { Rs256TokenSigner } from '../rs256-token-signer.js';
import { identifierValue } from '../settings-fields.js';
import { type JwtSigner, SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import type { SalesforceSettings } from './salesforce.settings.js';
import { SALESFORCE, SALESFORCE_IDENTITY_TOKEN_TYPE } from './salesforce.vendor.js';

/**
 * Salesforce Messaging for In-App and Web, token-based user verification (developer.salesforce.com
 * docs/service/messaging-web/guide/user-verification and the userVerificationAPI reference; Salesforce
 * Help "Set Up Token-Based User Verification"): an RS256 JWT signed with the integration's own private
 * key, header `kid` naming its public key in the keyset Salesforce fetches from `GET /v1/jwks/{integration}`
 * (several keys at once: rotation with overlap), `iss` = the keyset's issuer, `sub` = the identifier
 * setting, `iat`, `exp` (other claims are not documented: none are sent). Web:
 * `embeddedservice_bootstrap.userVerificationAPI.setIdentityToken({ identityTokenType: "JWT", identityToken })`;
 * logout `clearSession(true)`; mobile: the In-App SDK's user verification token provider.
 */
@Injectable()
export class SalesforceStrategy extends SignedJwtStrategy<SalesforceSettings> {
  static readonly definition = SALESFORCE;

  // Signed with the integration's own RSA key pair, not a shared secret.
  constructor(@Inject(Rs256TokenSigner) signer: JwtSigner) {
    super(signer);
  }

  protected vendorClaims(identity: IdentityClaims, settings: SalesforceSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    return { iss: settings.issuer, sub: identifierValue(settings.identifier, identity), iat, exp };
  }

  protected handoff(identityToken: string): Record<string, unknown> {
    return { setIdentityToken: { identityTokenType: SALESFORCE_IDENTITY_TOKEN_TYPE, identityToken } };
  }

  protected vendorFindings(token: DecodedToken, settings: SalesforceSettings): InspectionFinding[] {
    return [issuerFinding(token.claims, settings.issuer), subjectFinding(token.claims)];
  }
}

function issuerFinding(claims: Record<string, unknown>, issuer: string): InspectionFinding {
  const rule = 'salesforce.iss.keyset-issuer';
  const iss = stringClaim(claims, 'iss');
  if (iss === issuer) return { rule, ok: true, message: "iss is the integration's issuer, as the keyset in Salesforce must name it." };
  const found = iss === undefined ? 'iss is missing' : `iss is ${JSON.stringify(iss)}`;
  return { rule, ok: false, message: `${found}: Salesforce accepts only the issuer entered on the keyset (${JSON.stringify(issuer)}); make them match.` };
}

function subjectFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'salesforce.sub.present';
  if (stringClaim(claims, 'sub')) return { rule, ok: true, message: 'sub is set: Salesforce keeps the verified user\'s conversations under it.' };
  return { rule, ok: false, message: 'sub is missing or empty: Salesforce needs the user\'s identifier in sub.' };
}
