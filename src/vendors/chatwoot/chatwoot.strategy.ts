import { Injectable } from '@nestjs/common';
import { identifierCaseNearMisses, identifierFindings } from '../signed-value/signed-value.rules.js';
import { identifierOf, type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { ChatwootSettings } from './chatwoot.settings.js';
import { CHATWOOT } from './chatwoot.vendor.js';

/**
 * Chatwoot identity validation (chatwoot.com/docs, live chat SDK "Identity validation"):
 * `identifier_hash` = hex HMAC-SHA256 of the identifier with the inbox's HMAC token, handed to
 * `window.$chatwoot.setUser(identifier, { name, email, identifier_hash })`. The identifier is the user id
 * `settings.identifier` names (the stable UUID by default), so every user can be identified.
 */
@Injectable()
export class ChatwootStrategy extends SignedValueStrategy<ChatwootSettings> {
  static readonly definition = CHATWOOT;

  protected signedHandoff(claims: IdentityClaims, settings: ChatwootSettings): SignedHandoff {
    const identifier = identifierOf(claims, settings.identifier);
    const { name, email } = claims;
    return {
      signed: identifier,
      handoff: (identifierHash) => ({
        setUser: { identifier, user: { ...(name ? { name } : {}), ...(email ? { email } : {}), identifier_hash: identifierHash } },
      }),
    };
  }

  protected signedValueFindings(signed: string, settings: ChatwootSettings): InspectionFinding[] {
    return identifierFindings(signed, settings.identifier, CHATWOOT);
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    return identifierCaseNearMisses(signed, CHATWOOT);
  }
}
