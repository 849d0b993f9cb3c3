import { Injectable } from '@nestjs/common';
import { vendorRuleViolated } from '../vendors.exception.js';
import type { TokenLifetime } from '../common-token-rules.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import { inspectDecimalToken } from './decimal.inspection.js';
import { DECIMAL } from './decimal.vendor.js';
import type { DecimalSettings } from './decimal.settings.js';

/**
 * Decimal identity verification (docs/vendors.md > Decimal; Decimal docs "Chat Widgets > Identity
 * Verification"): an HS256 JWT signed with the widget's JWT signing secret, carrying the required
 * `email` (422 without one), `name` when known, `disable_escalation` (always, as a boolean), `iat` and
 * `exp` (1 h by default and at most, the vendor's recommended maximum), plus mapped extra claims
 * that Decimal attaches to escalation ticket metadata. Hand-off: `Decimal.boot({ user_token })`.
 */
@Injectable()
export class DecimalStrategy extends SignedJwtStrategy<DecimalSettings> {
  static readonly definition = DECIMAL;

  protected vendorClaims(identity: IdentityClaims, settings: DecimalSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    const { email, name } = identity;
    if (!email) {
      throw vendorRuleViolated('Decimal requires an email in the identity token, and this user has none: sign the user in with an email first.');
    }
    // A name left undefined is left out of the token (JSON); a literal without spreads stays on V8's fast path.
    return { email, name: name || undefined, disable_escalation: settings.disableEscalation === true, iat, exp };
  }

  protected handoff(userToken: string): Record<string, unknown> {
    return { boot: { user_token: userToken } };
  }

  protected vendorFindings(token: DecodedToken, _settings: DecimalSettings, nowSeconds: number): InspectionFinding[] {
    return inspectDecimalToken(token, nowSeconds);
  }
}
