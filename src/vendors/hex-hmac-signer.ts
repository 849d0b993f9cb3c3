import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from './vendor-strategy.js';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Hash vendors' signatures (Help Scout, Front, Chatwoot, Crisp, tawk.to, Re:amaze): the lower-case hex
 * HMAC-SHA256 of exactly the value the widget is handed, keyed with the vendor secret's cached KeyObject.
 */
@Injectable()
export class HexHmacSigner {
  sign(signed: string, signingKey: Pick<SigningKey, 'key'>): string {
    if (signingKey.key.type !== 'secret') throw new Error('HMAC-SHA256 signing needs a symmetric (secret) key');
    return createHmac('sha256', signingKey.key).update(signed, 'utf8').digest('hex');
  }

  /** Whether `signature` is this key's signature of `signed` (hex, either case; compared in constant time). */
  matches(signature: string, signed: string, signingKey: Pick<SigningKey, 'key'>): boolean {
    const normalized = signature.trim().toLowerCase();
    if (!HEX_SHA256.test(normalized)) return false;
    return timingSafeEqual(Buffer.from(normalized, 'hex'), Buffer.from(this.sign(signed, signingKey), 'hex'));
  }
}
