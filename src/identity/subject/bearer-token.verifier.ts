import { createSecretKey, KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import jwt from 'jsonwebtoken';
import type { BearerAuthOptions } from '../../chat-identity.options.js';
import { unauthenticated } from '../../common/chat-identity.error.js';

export type VerifiedClaims = Record<string, unknown>;

/**
 * Verifies the access token the company's identity provider gave the end user: a shared HS256
 * secret, or the provider's JWKS (RS256 / ES256). Algorithms are pinned; `none` never passes.
 */
export class BearerTokenVerifier {
  private readonly sharedKey?: KeyObject;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly clockTolerance: number;

  constructor(private readonly options: BearerAuthOptions) {
    if (options.jwtSecret) this.sharedKey = createSecretKey(Buffer.from(options.jwtSecret, 'utf8'));
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
    this.clockTolerance = options.clockToleranceSeconds ?? 30;
  }

  get configured(): boolean {
    return this.sharedKey !== undefined || this.jwks !== undefined;
  }

  async verify(token: string): Promise<VerifiedClaims> {
    if (this.sharedKey) {
      try {
        return jwt.verify(token, this.sharedKey, {
          algorithms: ['HS256'],
          issuer: this.options.issuer,
          audience: this.options.audience,
          clockTolerance: this.clockTolerance,
        }) as VerifiedClaims;
      } catch (error) {
        if (!this.jwks) throw rejection(error);
      }
    }
    if (!this.jwks) throw unauthenticated('Bearer tokens are not accepted by this service.');
    try {
      const { payload } = await jwtVerify(token, this.jwks, {
        algorithms: ['RS256', 'ES256'],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.clockTolerance,
      });
      return payload as VerifiedClaims;
    } catch (error) {
      throw rejection(error);
    }
  }
}

/** A reason the caller can act on, without echoing the token. */
function rejection(error: unknown): Error {
  if (error instanceof jwt.TokenExpiredError || error instanceof joseErrors.JWTExpired) {
    return unauthenticated('The bearer token has expired.');
  }
  if (error instanceof jwt.NotBeforeError) return unauthenticated('The bearer token is not valid yet.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) return unauthenticated(`The bearer token's ${error.claim} claim is not accepted.`);
  const message = error instanceof Error ? error.message : '';
  if (/audience|issuer/.test(message)) return unauthenticated(`The bearer token's ${/audience/.test(message) ? 'aud' : 'iss'} claim is not accepted.`);
  return unauthenticated('The bearer token is invalid.');
}
