import { Injectable } from '@nestjs/common';
import { emailCaseNearMisses, emailFindings } from '../signed-value/signed-value.rules.js';
import { type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { FrontSettings } from './front.settings.js';
import { FRONT } from './front.vendor.js';
import { vendorRuleViolated } from '../../vendors/vendors.exception.js';

/**
 * Front Chat (dev.frontapp.com/docs/identify-users): `userHash` = hex HMAC-SHA256 of the user's email
 * with the chat's verification secret, passed with the email to `FrontChat('init', ...)`; without a
 * valid hash identity verification fails. A user without an email cannot be identified.
 */
@Injectable()
export class FrontStrategy extends SignedValueStrategy<FrontSettings> {
  static readonly definition = FRONT;

  protected signedHandoff(claims: IdentityClaims): SignedHandoff {
    const { email, name } = claims;
    if (!email) throw vendorRuleViolated("Front Chat verifies a user by the hash of their email (FrontChat('init', { email, userHash })); the user has no email.");
    return { signed: email, handoff: (userHash) => ({ init: { email, ...(name ? { name } : {}), userHash } }) };
  }

  protected signedValueFindings(signed: string): InspectionFinding[] {
    return emailFindings(signed, FRONT);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return emailCaseNearMisses(signed, FRONT);
  }
}
