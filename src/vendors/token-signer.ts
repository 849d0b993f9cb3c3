import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { SigningKey } from './vendor-strategy.js';

/** The header of a key without a key id, encoded once: `{"alg":"HS256","typ":"JWT"}`. */
const HS256_HEADER = encodeHeader(undefined);

/**
 * HS256 and nothing else: these vendors' identity tokens are symmetric, never `none`.
 *
 * A compact JWS (RFC 7515) made directly with Node's HMAC over the cached KeyObject: the same bytes
 * jsonwebtoken (and so @nestjs/jwt's JwtService) produces for these claims, without its per-call
 * option validation, payload copies and stream plumbing, which cost several times the HMAC itself on
 * every token request (`npm run bench` prices both; BENCHMARKS.md). A key's `keyId` becomes the
 * header's `kid`; that header is encoded once per cached key.
 */
@Injectable()
export class TokenSigner {
  private readonly headers = new WeakMap<SigningKey, string>();

  sign(claims: Record<string, unknown>, signingKey: SigningKey): string {
    const { key } = signingKey;
    if (key.type !== 'secret') throw new Error('HS256 signing needs a symmetric (secret) key');
    // As jsonwebtoken does: a token always says when it was issued.
    const payload = claims.iat === undefined ? { ...claims, iat: Math.floor(Date.now() / 1000) } : claims;
    const signingInput = `${this.headerOf(signingKey)}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
  }

  private headerOf(signingKey: SigningKey): string {
    if (signingKey.keyId === undefined) return HS256_HEADER;
    let header = this.headers.get(signingKey);
    if (header === undefined) {
      header = encodeHeader(signingKey.keyId);
      this.headers.set(signingKey, header);
    }
    return header;
  }
}

/** jsonwebtoken's header, property for property: `alg`, `typ`, then `kid` when there is one. */
function encodeHeader(keyId: string | undefined): string {
  const header = keyId === undefined ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', kid: keyId };
  return Buffer.from(JSON.stringify(header)).toString('base64url');
}
