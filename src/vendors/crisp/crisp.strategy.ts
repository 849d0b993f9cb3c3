import { Injectable } from '@nestjs/common';
import { emailCaseNearMisses, emailFindings } from '../signed-value/signed-value.rules.js';
import { type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { CrispSettings } from './crisp.settings.js';
import { CRISP } from './crisp.vendor.js';
import { vendorRuleViolated } from '../../vendors/vendors.exception.js';

/**
 * Crisp identity verification (docs.crisp.chat, chatbox SDKs, Web SDK, "Identity Verification"): the
 * backend signs the user's email with the verification secret and the chatbox is given both with
 * `$crisp.push(["set", "user:email", [email, signature]])`; Crisp then shows the email as verified.
 * The HMAC's hash is UNCONFIRMED (CRISP_SIGNATURE_KIND). A user without an email cannot be verified.
 */
@Injectable()
export class CrispStrategy extends SignedValueStrategy<CrispSettings> {
  static readonly definition = CRISP;

  protected signedHandoff(claims: IdentityClaims): SignedHandoff {
    const { email } = claims;
    if (!email) throw vendorRuleViolated('Crisp verifies a user by the signature of their email ($crisp.push(["set", "user:email", [email, signature]])); the user has no email.');
    return { signed: email, handoff: (signature) => ({ push: [['set', 'user:email', [email, signature]]] }) };
  }

  protected signedValueFindings(signed: string): InspectionFinding[] {
    return emailFindings(signed, CRISP);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return emailCaseNearMisses(signed, CRISP);
  }
}
