import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { SigningKey } from './vendor-strategy.js';

/**
 * RS256 tokens signed with an integration's own RSA private key (Salesforce), through @nestjs/jwt's
 * JwtService: the RSA signature (about a millisecond) dwarfs its per-call overhead (`npm run bench`).
 * The header carries the key's `kid`, the one our JWK Set publishes for it.
 */
@Injectable()
export class Rs256TokenSigner {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: Record<string, unknown>, signingKey: SigningKey): string {
    const { key, keyId } = signingKey;
    if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa') throw new Error('RS256 signing needs an RSA private key');
    if (keyId === undefined) throw new Error('RS256 tokens name their key: the signing key has no key id');
    return this.jwt.sign(claims, { privateKey: key, algorithm: 'RS256', keyid: keyId });
  }
}
