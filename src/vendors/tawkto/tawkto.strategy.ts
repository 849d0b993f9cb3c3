import { Injectable } from '@nestjs/common';
import { identifierCaseNearMisses, identifierFindings } from '../signed-value/signed-value.rules.js';
import { identifierOf, type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { TawkToSettings } from './tawkto.settings.js';
import { TAWKTO } from './tawkto.vendor.js';

/**
 * tawk.to Secure Mode (help.tawk.to "How to generate a hash for the API"; developer.tawk.to JavaScript
 * API): `Tawk_API.login({ userId, hash, name, email }, callback)`, the hash made with the property's
 * secret key over the userId (HMAC-SHA256: UNCONFIRMED, TAWKTO_HASH_KIND). The userId is the id
 * `settings.identifier` names, so every user can log in.
 */
@Injectable()
export class TawkToStrategy extends SignedValueStrategy<TawkToSettings> {
  static readonly definition = TAWKTO;

  protected signedHandoff(claims: IdentityClaims, settings: TawkToSettings): SignedHandoff {
    const userId = identifierOf(claims, settings.identifier);
    const { name, email } = claims;
    return { signed: userId, handoff: (hash) => ({ login: { userId, hash, ...(name ? { name } : {}), ...(email ? { email } : {}) } }) };
  }

  protected signedValueFindings(signed: string, settings: TawkToSettings): InspectionFinding[] {
    return identifierFindings(signed, settings.identifier, TAWKTO);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return identifierCaseNearMisses(signed, TAWKTO);
  }
}
