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
import { inspectDecimalToken } from './decimal.inspection.js';
import { DECIMAL } from './decimal.vendor.js';
import { DecimalSettings } from './decimal.settings.js';

/**
 * Decimal identity verification (docs/vendors.md > Decimal; Decimal docs "Chat Widgets > Identity
 * Verification"): an HS256 JWT signed with the widget's JWT signing secret, carrying the required
 * `email` (422 without one), `name` when known, `disable_escalation` (always, as a boolean), `iat` and
 * `exp` (1 h by default and at most, the vendor's recommended maximum), plus mapped extra claims
 * that Decimal attaches to escalation ticket metadata. Hand-off: `Decimal.boot({ user_token })`.
 */
@Injectable()
export class DecimalStrategy implements JwtVendorStrategy<DecimalSettings> {
  static readonly definition = DECIMAL;
  readonly definition = DECIMAL;

  constructor(private readonly signer: TokenSigner) {}

  parseSettings(raw: unknown): DecimalSettings {
    return parseVendorSettings(DECIMAL, raw);
  }

  async issue(request: IssueRequest<DecimalSettings>): Promise<IssuedIdentity> {
    const signingKey = requireSigningKey(request, DECIMAL);
    const { settings } = request.integration;
    const { email, name } = request.claims;
    if (!email) {
      throw vendorRuleViolated('Decimal requires an email in the identity token, and this user has none: sign the user in with an email first.');
    }
    const { iat, exp, expiresAt } = tokenLifetime(request.claims.issuedAt, settings.tokenTtlSeconds);
    const claims = withCustomClaims(
      // A name left undefined is left out of the token (JSON); a literal without spreads stays on V8's fast path.
      { email, name: name || undefined, disable_escalation: settings.disableEscalation === true, iat, exp },
      resolveClaimMapping(settings.claims, request.claims),
      DECIMAL.reservedClaims,
    );
    return { expiresAt, handoff: { boot: { user_token: this.signer.sign(claims, signingKey) } } };
  }

  inspect(token: DecodedToken, _integration: IntegrationRef<DecimalSettings>): InspectionFinding[] {
    return inspectDecimalToken(token);
  }
}
