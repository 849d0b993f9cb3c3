import { Injectable } from '@nestjs/common';
import { SignedIdentifierStrategy } from '../signed-value/signed-identifier.strategy.js';
import type { IdentityClaims } from '../vendor-strategy.js';
import type { TawkToSettings } from './tawkto.settings.js';
import { TAWKTO } from './tawkto.vendor.js';

/**
 * tawk.to Secure Mode (help.tawk.to "How to generate a hash for the API"; developer.tawk.to JavaScript
 * API): `Tawk_API.login({ userId, hash, name, email }, callback)`, the hash made with the property's
 * secret key over the userId (HMAC-SHA256: UNCONFIRMED, TAWKTO_HASH_KIND). The userId is the id
 * `settings.identifier` names, so every user can log in.
 */
@Injectable()
export class TawkToStrategy extends SignedIdentifierStrategy<TawkToSettings> {
  static readonly definition = TAWKTO;

  protected identifierHandoff(userId: string, hash: string, { name, email }: IdentityClaims): Record<string, unknown> {
    return { login: { userId, hash, ...(name ? { name } : {}), ...(email ? { email } : {}) } };
  }
}
