import { Injectable } from '@nestjs/common';
import { resolveClaimMapping, withCustomClaims } from '../claim-mapping.js';
import { commonTokenFindings, requireSigningKey, stringClaim, tokenLifetime } from '../common-token-rules.js';
import { identifierValue } from '../settings-fields.js';
import { TokenSigner } from '../token-signer.js';
import { parseVendorSettings } from '../vendor-settings.js';
import type { DecodedToken, InspectionFinding, IntegrationRef, IssuedIdentity, IssueRequest, JwtVendorStrategy } from '../vendor-strategy.js';
import { IntercomSettings } from './intercom.settings.js';
import { INTERCOM } from './intercom.vendor.js';

/**
 * Intercom Messenger security with JWTs (developers.intercom.com, installing-intercom/web/identity-verification
 * and the iOS/Android pages; Intercom's "Migrating from Identity Verification to Messenger Security with
 * JWTs"): an HS256 JWT signed with the Messenger API secret, `user_id` required (the identifier setting:
 * the stable UUID or the host app's user key), `email` and `name` when known, mapped user attributes,
 * `iat` and `exp`. Web: `intercomSettings = { app_id, intercom_user_jwt }`; logout `Intercom('shutdown')`.
 * Mobile: `Intercom.setUserJwt(jwt)` before `loginUser`.
 */
@Injectable()
export class IntercomStrategy implements JwtVendorStrategy<IntercomSettings> {
  static readonly definition = INTERCOM;
  readonly definition = INTERCOM;

  constructor(private readonly signer: TokenSigner) {}

  parseSettings(raw: unknown): IntercomSettings {
    return parseVendorSettings(INTERCOM, raw);
  }

  async issue(request: IssueRequest<IntercomSettings>): Promise<IssuedIdentity> {
    const signingKey = requireSigningKey(request, INTERCOM);
    const { settings } = request.integration;
    const { email, name } = request.claims;
    const { iat, exp, expiresAt } = tokenLifetime(request.claims.issuedAt, settings.tokenTtlSeconds);
    const claims = withCustomClaims(
      // Claims left undefined are left out of the token (JSON).
      { user_id: identifierValue(settings.identifier, request.claims), email: email || undefined, name: name || undefined, iat, exp },
      resolveClaimMapping(settings.claims, request.claims),
      INTERCOM.reservedClaims,
    );
    return { expiresAt, handoff: { intercomSettings: { app_id: settings.appId, intercom_user_jwt: this.signer.sign(claims, signingKey) } } };
  }

  inspect(token: DecodedToken, _integration: IntegrationRef<IntercomSettings>): InspectionFinding[] {
    return [...commonTokenFindings(INTERCOM, token), userIdFinding(token.claims), emailFinding(token.claims)];
  }
}

function userIdFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'intercom.user_id.present';
  if (stringClaim(claims, 'user_id')) return { rule, ok: true, message: 'user_id is set: Intercom links the Messenger session to that user.' };
  const found = claims.user_id === undefined ? 'user_id is missing' : 'user_id is not a non-empty string';
  return { rule, ok: false, message: `${found}: Intercom rejects JWTs without the user's id; sign user_id (the identifier setting picks it).` };
}

function emailFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'intercom.email.string';
  if (claims.email === undefined || stringClaim(claims, 'email')) return { rule, ok: true, message: `email is ${claims.email === undefined ? 'absent (optional)' : 'set'}.` };
  return { rule, ok: false, message: 'email is not a string: Intercom expects the user\'s email address, or no email claim at all.' };
}
