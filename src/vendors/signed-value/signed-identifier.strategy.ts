import { identifierValue } from '../settings-fields.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { IdentifierSettings } from './identifier-settings.js';
import { identifierCaseNearMisses, identifierFindings } from './signed-value.rules.js';
import { type SignedHandoff, SignedValueStrategy } from './signed-value.strategy.js';

/**
 * Id vendors (Chatwoot, tawk.to): the signed value is the user id `settings.identifier` names (the
 * stable UUID by default), so every user can be identified.
 */
export abstract class SignedIdentifierStrategy<S extends IdentifierSettings> extends SignedValueStrategy<S> {
  /** The widget call's argument, around the identifier and its signature. */
  protected abstract identifierHandoff(identifier: string, signature: string, claims: IdentityClaims): Record<string, unknown>;

  protected signedHandoff(claims: IdentityClaims, settings: S): SignedHandoff {
    const identifier = identifierValue(settings.identifier, claims);
    return { signed: identifier, handoff: (signature) => this.identifierHandoff(identifier, signature, claims) };
  }

  protected signedValueFindings(signed: string, settings: S): InspectionFinding[] {
    return identifierFindings(signed, settings.identifier, this.definition);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return identifierCaseNearMisses(signed, this.definition);
  }
}
