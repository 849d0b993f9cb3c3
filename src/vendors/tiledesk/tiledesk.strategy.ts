import { Injectable } from '@nestjs/common';
import { vendorRuleViolated } from '../vendors.exception.js';
import { withCustomClaims } from '../claim-mapping.js';
import type { TokenLifetime } from '../common-token-rules.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import { inspectTiledeskToken } from './tiledesk.inspection.js';
import { splitName, TILEDESK_EXTERNAL_SUBJECT, TILEDESK_TOKEN_PREFIX, tiledeskAudience, tiledeskUserIdPrefix } from './tiledesk.rules.js';
import { TILEDESK } from './tiledesk.vendor.js';
import type { TiledeskSettings } from './tiledesk.settings.js';

/**
 * Tiledesk widget authentication (docs/vendors.md > Tiledesk; developer.tiledesk.com "Authentication" and
 * "Widget authentication", and the Tiledesk server's passport JWT strategy): an HS256 JWT signed with
 * the Project Shared Secret, `_id` = `<projectId>_<userId>`, `sub` = `userexternal`, `aud` = the
 * project URL, the required `email` (422 without one), `firstname`/`lastname` from the name, mapped
 * custom values under `attributes`, `iat` and `exp` (always set). Never a `role` claim (reserved).
 * Hand-off: `tiledeskSettings` and the `JWT `-prefixed string for `signInWithCustomToken`.
 */
@Injectable()
export class TiledeskStrategy extends SignedJwtStrategy<TiledeskSettings> {
  static readonly definition = TILEDESK;

  protected vendorClaims(identity: IdentityClaims, { projectId }: TiledeskSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    const { email, name, userId } = identity;
    if (!email) {
      throw vendorRuleViolated('Tiledesk requires an email in the identity token, and this user has none: sign the user in with an email first.');
    }
    const { firstname, lastname } = splitName(name);
    // Claims left undefined are left out of the token (JSON); `attributes` is filled by withMappedClaims.
    return {
      _id: `${tiledeskUserIdPrefix(projectId)}${userId}`,
      sub: TILEDESK_EXTERNAL_SUBJECT,
      aud: tiledeskAudience(projectId),
      email,
      firstname,
      lastname,
      attributes: undefined,
      iat,
      exp,
    };
  }

  /** Tiledesk takes custom values inside `attributes`; nested, yet still refused by reserved name (a stored `role` cannot slip in). */
  protected override withMappedClaims(own: Record<string, unknown>, mapped: Record<string, unknown>): Record<string, unknown> {
    const attributes = withCustomClaims({}, mapped, TILEDESK.reservedClaims);
    if (Object.keys(attributes).length > 0) own.attributes = attributes;
    return own;
  }

  protected handoff(token: string, { projectId }: TiledeskSettings): Record<string, unknown> {
    return { tiledeskSettings: { projectid: projectId, autoStart: false }, signInWithCustomToken: `${TILEDESK_TOKEN_PREFIX}${token}` };
  }

  protected vendorFindings(token: DecodedToken, settings: TiledeskSettings): InspectionFinding[] {
    return inspectTiledeskToken(token, settings);
  }
}
