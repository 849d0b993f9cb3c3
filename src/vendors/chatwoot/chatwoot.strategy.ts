import { Injectable } from '@nestjs/common';
import { SignedIdentifierStrategy } from '../signed-value/signed-identifier.strategy.js';
import type { IdentityClaims } from '../vendor-strategy.js';
import type { ChatwootSettings } from './chatwoot.settings.js';
import { CHATWOOT } from './chatwoot.vendor.js';

/**
 * Chatwoot identity validation (chatwoot.com/docs, live chat SDK "Identity validation"):
 * `identifier_hash` = hex HMAC-SHA256 of the identifier with the inbox's HMAC token, handed to
 * `window.$chatwoot.setUser(identifier, { name, email, identifier_hash })`. The identifier is the user id
 * `settings.identifier` names (the stable UUID by default), so every user can be identified.
 */
@Injectable()
export class ChatwootStrategy extends SignedIdentifierStrategy<ChatwootSettings> {
  static readonly definition = CHATWOOT;

  protected identifierHandoff(identifier: string, identifierHash: string, { name, email }: IdentityClaims): Record<string, unknown> {
    return { setUser: { identifier, user: { ...(name ? { name } : {}), ...(email ? { email } : {}), identifier_hash: identifierHash } } };
  }
}
