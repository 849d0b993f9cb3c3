import { Injectable } from '@nestjs/common';
import { emailCaseNearMisses, emailFindings } from '../signed-value/signed-value.rules.js';
import { type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { HelpScoutSettings } from './helpscout.settings.js';
import { HELPSCOUT } from './helpscout.vendor.js';
import { vendorRuleViolated } from '../../vendors/vendors.exception.js';

/**
 * Help Scout Beacon secure mode (developer.helpscout.com/beacon-2/web/secure-mode): `signature` = hex
 * HMAC-SHA256 of the user's email with the Beacon's secret key, handed to `Beacon('identify', { name,
 * email, signature })`; it never expires. A user without an email cannot be identified.
 */
@Injectable()
export class HelpScoutStrategy extends SignedValueStrategy<HelpScoutSettings> {
  static readonly definition = HELPSCOUT;

  protected signedHandoff(claims: IdentityClaims): SignedHandoff {
    const { email, name } = claims;
    if (!email) throw vendorRuleViolated("Help Scout secure mode signs the user's email (Beacon('identify', { email, signature })); the user has no email.");
    return { signed: email, handoff: (signature) => ({ identify: { ...(name ? { name } : {}), email, signature } }) };
  }

  protected signedValueFindings(signed: string): InspectionFinding[] {
    return emailFindings(signed, HELPSCOUT);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return emailCaseNearMisses(signed, HELPSCOUT);
  }
}
