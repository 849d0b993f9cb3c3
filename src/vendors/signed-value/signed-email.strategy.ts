import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import { vendorRuleViolated } from '../vendors.exception.js';
import { emailCaseNearMisses, emailFindings } from './signed-value.rules.js';
import { type SignedHandoff, SignedValueStrategy } from './signed-value.strategy.js';

/**
 * Email vendors (Help Scout, Front, Crisp): the signed value is the user's email, exactly as the widget
 * gets it; a user without one cannot be verified (a 422 in the vendor's words).
 */
export abstract class SignedEmailStrategy<S extends object> extends SignedValueStrategy<S> {
  /** Why this vendor cannot verify a user without an email, naming its widget call. */
  protected abstract readonly emailRequired: string;

  /** The widget call's argument, around the email and its signature. */
  protected abstract emailHandoff(email: string, signature: string, claims: IdentityClaims): Record<string, unknown>;

  protected signedHandoff(claims: IdentityClaims): SignedHandoff {
    const { email } = claims;
    if (!email) throw vendorRuleViolated(this.emailRequired);
    return { signed: email, handoff: (signature) => this.emailHandoff(email, signature, claims) };
  }

  protected signedValueFindings(signed: string): InspectionFinding[] {
    return emailFindings(signed, this.definition);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return emailCaseNearMisses(signed, this.definition);
  }
}
