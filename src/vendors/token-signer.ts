import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { SigningKey } from './vendor-strategy.js';

/** HS256 and nothing else: vendors' identity tokens are always symmetric, never `none`. */
@Injectable()
export class TokenSigner {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: Record<string, unknown>, signingKey: SigningKey): string {
    return this.jwt.sign(claims, { privateKey: signingKey.key, algorithm: 'HS256' });
  }
}
