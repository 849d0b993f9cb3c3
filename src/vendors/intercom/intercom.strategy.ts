import { Injectable } from '@nestjs/common';
import { stringClaim, type TokenLifetime } from '../common-token-rules.js';
import { identifierValue } from '../settings-fields.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import { INTERCOM_API_BASES, type IntercomSettings } from './intercom.settings.js';
import { INTERCOM } from './intercom.vendor.js';

/**
 * Intercom Messenger security with JWTs (developers.intercom.com, installing-intercom/web/identity-verification
 * and the iOS/Android pages; Intercom's "Migrating from Identity Verification to Messenger Security with
 * JWTs"): an HS256 JWT signed with the Messenger API secret, `user_id` required (the identifier setting:
 * the stable UUID or the host app's user key), `email` and `name` when known, mapped user attributes,
 * `iat` and `exp`. Web: `intercomSettings = { app_id, intercom_user_jwt }` (plus `api_base` for EU and
 * Australian workspaces: the region setting), merged into the page's own; logout `Intercom('shutdown')`.
 * Mobile: `Intercom.setUserJwt(jwt)` before `loginUser`.
 */
@Injectable()
export class IntercomStrategy extends SignedJwtStrategy<IntercomSettings> {
  static readonly definition = INTERCOM;

  protected vendorClaims(identity: IdentityClaims, settings: IntercomSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    const { email, name } = identity;
    // Claims left undefined are left out of the token (JSON).
    return { user_id: identifierValue(settings.identifier, identity), email: email || undefined, name: name || undefined, iat, exp };
  }

  protected handoff(token: string, settings: IntercomSettings): Record<string, unknown> {
    const region = settings.region ? { api_base: INTERCOM_API_BASES[settings.region] } : {};
    return { intercomSettings: { app_id: settings.appId, intercom_user_jwt: token, ...region } };
  }

  protected vendorFindings(token: DecodedToken): InspectionFinding[] {
    return [userIdFinding(token.claims), emailFinding(token.claims)];
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
