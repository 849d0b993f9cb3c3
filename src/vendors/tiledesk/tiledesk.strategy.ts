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
import { inspectTiledeskToken } from './tiledesk.inspection.js';
import { splitName, TILEDESK_EXTERNAL_SUBJECT, TILEDESK_TOKEN_PREFIX, tiledeskAudience, tiledeskUserIdPrefix } from './tiledesk.rules.js';
import { TILEDESK } from './tiledesk.vendor.js';
import { TiledeskSettings } from './tiledesk.settings.js';

/**
 * Tiledesk widget authentication (docs/vendors.md > Tiledesk; developer.tiledesk.com "Authentication" and
 * "Widget authentication", and the Tiledesk server's passport JWT strategy): an HS256 JWT signed with
 * the Project Shared Secret, `_id` = `<projectId>_<userId>`, `sub` = `userexternal`, `aud` = the
 * project URL, the required `email` (422 without one), `firstname`/`lastname` from the name, mapped
 * custom values under `attributes`, `iat` and `exp` (always set). Never a `role` claim (reserved).
 * Hand-off: `tiledeskSettings` and the `JWT `-prefixed string for `signInWithCustomToken`.
 */
@Injectable()
export class TiledeskStrategy implements JwtVendorStrategy<TiledeskSettings> {
  static readonly definition = TILEDESK;
  readonly definition = TILEDESK;

  constructor(private readonly signer: TokenSigner) {}

  parseSettings(raw: unknown): TiledeskSettings {
    return parseVendorSettings(TILEDESK, raw);
  }

  async issue(request: IssueRequest<TiledeskSettings>): Promise<IssuedIdentity> {
    const signingKey = requireSigningKey(request, TILEDESK);
    const { projectId, tokenTtlSeconds, claims: mapping } = request.integration.settings;
    const { email, name, userId } = request.claims;
    if (!email) {
      throw vendorRuleViolated('Tiledesk requires an email in the identity token, and this user has none: sign the user in with an email first.');
    }
    // Nested, yet still refused by reserved name: a mapping saved before a rule existed cannot smuggle `role` in.
    const attributes = withCustomClaims({}, resolveClaimMapping(mapping, request.claims), TILEDESK.reservedClaims);
    const { iat, exp, expiresAt } = tokenLifetime(request.claims.issuedAt, tokenTtlSeconds);
    const { firstname, lastname } = splitName(name);
    const token = this.signer.sign(
      // Claims left undefined are left out of the token (JSON); a literal without spreads stays on V8's fast path.
      {
        _id: `${tiledeskUserIdPrefix(projectId)}${userId}`,
        sub: TILEDESK_EXTERNAL_SUBJECT,
        aud: tiledeskAudience(projectId),
        email,
        firstname,
        lastname,
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        iat,
        exp,
      },
      signingKey,
    );
    return {
      expiresAt,
      handoff: { tiledeskSettings: { projectid: projectId, autoStart: false }, signInWithCustomToken: `${TILEDESK_TOKEN_PREFIX}${token}` },
    };
  }

  inspect(token: DecodedToken, integration: IntegrationRef<TiledeskSettings>): InspectionFinding[] {
    return inspectTiledeskToken(token, integration.settings);
  }
}
