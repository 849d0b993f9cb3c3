import { Injectable } from '@nestjs/common';
import { hash, type KeyObject } from 'node:crypto';
import type { SigningKey } from './vendor-strategy.js';

/** The one header every vendor token carries, encoded once: `{"alg":"HS256","typ":"JWT"}`. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * HS256 and nothing else: vendors' identity tokens are always symmetric, never `none`.
 *
 * A compact JWS (RFC 7515) built here rather than by jsonwebtoken (which validated its options and
 * copied the payload on every call), with the HMAC (RFC 2104) computed from two one-shot SHA-256
 * hashes over pads derived once per key: in the running service, building a `createHmac()` object
 * cost more than the hashing itself. The bytes are exactly jsonwebtoken's and createHmac's
 * (token-signer.spec.ts checks both).
 */
@Injectable()
export class TokenSigner {
  sign(claims: Record<string, unknown>, signingKey: SigningKey): string {
    // As jsonwebtoken did: a token always says when it was issued.
    const payload = claims.iat === undefined ? { ...claims, iat: Math.floor(Date.now() / 1000) } : claims;
    const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signingInput}.${hmacSha256(signingKey.key, signingInput)}`;
  }
}

/** SHA-256's block size: the length of the HMAC pads. */
const BLOCK_BYTES = 64;

interface HmacPads {
  /** key XOR 0x36..., followed by room for the message */
  inner: Buffer;
  /** key XOR 0x5c..., followed by room for the inner digest */
  outer: Buffer;
}

/** Per KeyObject; dropped with it when a rotated-out key is collected. */
const padsByKey = new WeakMap<KeyObject, HmacPads>();

function padsOf(key: KeyObject): HmacPads {
  let pads = padsByKey.get(key);
  if (pads === undefined) {
    if (key.type !== 'secret') throw new Error('HS256 signing needs a symmetric (secret) key');
    const exported = key.export();
    const keyBytes = exported.length > BLOCK_BYTES ? hash('sha256', exported, 'buffer') : exported;
    pads = { inner: Buffer.alloc(BLOCK_BYTES, 0x36), outer: Buffer.alloc(BLOCK_BYTES + 32, 0x5c) };
    for (let i = 0; i < keyBytes.length; i += 1) {
      pads.inner[i] ^= keyBytes[i];
      pads.outer[i] ^= keyBytes[i];
    }
    padsByKey.set(key, pads);
  }
  return pads;
}

/** HMAC-SHA256 of an ASCII message (a JWS signing input), base64url: H((K^opad) || H((K^ipad) || message)). */
function hmacSha256(key: KeyObject, message: string): string {
  const { inner, outer } = padsOf(key);
  const innerDigest = hash('sha256', Buffer.concat([inner, Buffer.from(message, 'latin1')]), 'buffer');
  // `outer` is reused: signing is synchronous, so no other call can interleave between copy and hash.
  innerDigest.copy(outer, BLOCK_BYTES);
  return hash('sha256', outer, 'base64url');
}
