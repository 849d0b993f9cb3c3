import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { SigningKey } from './vendor-strategy.js';

/** The one header every vendor token carries, encoded once: `{"alg":"HS256","typ":"JWT"}`. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * HS256 and nothing else: vendors' identity tokens are always symmetric, never `none`.
 *
 * A compact JWS (RFC 7515) made directly with Node's HMAC over the cached KeyObject: the same bytes
 * jsonwebtoken produces for these claims, without its per-call option validation, payload copies and
 * stream plumbing (they cost several times the HMAC itself, on every token request).
 */
@Injectable()
export class TokenSigner {
  sign(claims: Record<string, unknown>, signingKey: SigningKey): string {
    const { key } = signingKey;
    if (key.type !== 'secret') throw new Error('HS256 signing needs a symmetric (secret) key');
    // As jsonwebtoken did: a token always says when it was issued.
    const payload = claims.iat === undefined ? { ...claims, iat: Math.floor(Date.now() / 1000) } : claims;
    const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
  }
}
