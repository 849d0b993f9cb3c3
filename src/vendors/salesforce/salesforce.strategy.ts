import { Injectable } from '@nestjs/common';
import { commonTokenFindings, keyIdFinding, requireSigningKey, stringClaim, tokenLifetime } from '../common-token-rules.js';
import { Rs256TokenSigner } from '../rs256-token-signer.js';
import { identifierValue } from '../settings-fields.js';
import { parseVendorSettings } from '../vendor-settings.js';
import type { DecodedToken, InspectionFinding, IntegrationRef, IssuedIdentity, IssueRequest, JwtVendorStrategy } from '../vendor-strategy.js';
import { SalesforceSettings } from './salesforce.settings.js';
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
export class SalesforceStrategy implements JwtVendorStrategy<SalesforceSettings> {
  static readonly definition = SALESFORCE;
  readonly definition = SALESFORCE;

  constructor(private readonly signer: Rs256TokenSigner) {}

  parseSettings(raw: unknown): SalesforceSettings {
    return parseVendorSettings(SALESFORCE, raw);
  }

  async issue(request: IssueRequest<SalesforceSettings>): Promise<IssuedIdentity> {
    const signingKey = requireSigningKey(request, SALESFORCE);
    const { settings } = request.integration;
    const { iat, exp, expiresAt } = tokenLifetime(request.claims.issuedAt, settings.tokenTtlSeconds);
    const identityToken = this.signer.sign({ iss: settings.issuer, sub: identifierValue(settings.identifier, request.claims), iat, exp }, signingKey);
    return { expiresAt, handoff: { setIdentityToken: { identityTokenType: SALESFORCE_IDENTITY_TOKEN_TYPE, identityToken } } };
  }

  inspect(token: DecodedToken, integration: IntegrationRef<SalesforceSettings>): InspectionFinding[] {
    return [...commonTokenFindings(SALESFORCE, token), keyIdFinding(SALESFORCE, token), issuerFinding(token.claims, integration.settings.issuer), subjectFinding(token.claims)];
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
