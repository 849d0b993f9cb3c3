import { JwtService, NotBeforeError, TokenExpiredError } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { BearerAuthOptions } from '../../chat-identity.options.js';
import { ChatIdentityError, ChatIdentityErrorCode, unauthenticated } from '../../common/chat-identity.error.js';

export type VerifiedClaims = Readonly<Record<string, unknown>>;

const JWKS_TIMEOUT_MS = 2_000;
const JWKS_RETRY_AFTER_SECONDS = 30;

/** Verified tokens remembered at most: about 0.5 KB each. */
const VERIFIED_CACHE_MAX_ENTRIES = 20_000;
/** Bounds how long a token stays trusted without a fresh check, whatever its `exp` (e.g. a key removed from the JWKS). */
const VERIFIED_CACHE_MAX_AGE_MS = 5 * 60_000;

/**
 * Claims of tokens that verified, by the exact token string, until the token's `exp` (or the max age).
 * Safe because verifying is a pure function of the string, the configured keys and the clock: the same
 * string always yields the same claims, and the entry is dropped before the clock could change the
 * answer. Failures are never cached. A returning user's page loads then skip the HMAC and JSON work.
 */
class VerifiedTokenCache {
  private readonly entries = new Map<string, { claims: VerifiedClaims; expiresAt: number }>();

  get(token: string, now: number): VerifiedClaims | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, claims: VerifiedClaims, now: number): void {
    const expiresAt = Math.min(typeof claims.exp === 'number' ? claims.exp * 1000 : Infinity, now + VERIFIED_CACHE_MAX_AGE_MS);
    if (!(expiresAt > now)) return; // accepted within the clock tolerance only: check it again next time
    if (this.entries.size >= VERIFIED_CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, expiresAt });
  }
}

/**
 * Verifies the access token the company's identity provider gave the end user: a shared HS256
 * secret (through @nestjs/jwt's JwtService, configured for it alone), or the provider's JWKS
 * (RS256 / ES256, with jose, which fetches and caches the key set). Algorithms are pinned; `none`
 * never passes.
 */
export class BearerTokenVerifier {
  private readonly sharedSecret?: JwtService;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly clockTolerance: number;
  private readonly verified = new VerifiedTokenCache();

  constructor(private readonly options: BearerAuthOptions) {
    this.clockTolerance = options.clockToleranceSeconds ?? 30;
    if (options.jwtSecret) {
      // A KeyObject made once: jsonwebtoken would otherwise re-parse a string secret on every call.
      const key = createSecretKey(Buffer.from(options.jwtSecret, 'utf8'));
      this.sharedSecret = new JwtService({
        secretOrKeyProvider: () => key,
        verifyOptions: { algorithms: ['HS256'], issuer: options.issuer, audience: options.audience, clockTolerance: this.clockTolerance },
      });
    }
    // A key set that does not answer within 2 s is down: the caller gets a 503 soon, not after jose's 5 s default.
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
  }

  get configured(): boolean {
    return this.sharedSecret !== undefined || this.jwks !== undefined;
  }

  /** The claims of a valid token: at once (no promise) for a token verified before, else once it is checked. */
  verify(token: string): VerifiedClaims | Promise<VerifiedClaims> {
    const now = Date.now();
    return this.verified.get(token, now) ?? this.verifyAndRemember(token, now);
  }

  private async verifyAndRemember(token: string, now: number): Promise<VerifiedClaims> {
    refuseCriticalExtensions(token);
    const verified = await this.verifyUncached(token);
    // A token that never expires stays valid after the user is gone from the identity provider.
    if (typeof verified.exp !== 'number') throw unauthenticated('The bearer token has no exp claim: tokens that never expire are not accepted.');
    // Frozen: one claims object may now serve many requests.
    const claims = Object.freeze(verified);
    this.verified.set(token, claims, now);
    return claims;
  }

  private async verifyUncached(token: string): Promise<VerifiedClaims> {
    if (this.sharedSecret) {
      try {
        return this.sharedSecret.verify<VerifiedClaims>(token);
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

/**
 * RFC 7515 §4.1.11: a `crit` header names extensions the verifier must understand, or refuse the token.
 * This service understands none (jose refuses them on its own; jsonwebtoken ignores the header).
 */
function refuseCriticalExtensions(token: string): void {
  const encodedHeader = token.slice(0, token.indexOf('.'));
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
  } catch {
    return; // not a JWT at all: verification says so
  }
  if (typeof header === 'object' && header !== null && 'crit' in header) {
    throw unauthenticated('The bearer token requires header extensions (crit) this service does not understand.');
  }
}

/** The identity provider's key set could not be had: its outage, not the caller's fault. */
function isKeySetUnavailable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  // jose raises a generic JOSEError only for the key set's answer (not 200, not JSON); undici's "fetch failed" is no answer at all.
  if (error instanceof joseErrors.JOSEError) return error.code === 'ERR_JOSE_GENERIC';
  // By shape: fetch's TypeError may come from another realm (a test's VM context) than this module's.
  const failure = error as Partial<Error> | null;
  return typeof failure === 'object' && failure?.name === 'TypeError' && failure.message === 'fetch failed';
}

/** A reason the caller can act on, without echoing the token. */
function rejection(error: unknown): Error {
  if (isKeySetUnavailable(error)) {
    return new ChatIdentityError(
      ChatIdentityErrorCode.IdentityProviderUnavailable,
      "The identity provider's key set (AUTH_JWKS_URL) cannot be fetched, so no bearer token can be checked; try again shortly.",
      { retryAfterSeconds: JWKS_RETRY_AFTER_SECONDS },
    );
  }
  if (error instanceof TokenExpiredError || error instanceof joseErrors.JWTExpired) {
    return unauthenticated('The bearer token has expired.');
  }
  if (error instanceof NotBeforeError) return unauthenticated('The bearer token is not valid yet.');
  if (error instanceof joseErrors.JWTClaimValidationFailed) return unauthenticated(`The bearer token's ${error.claim} claim is not accepted.`);
  const message = error instanceof Error ? error.message : '';
  if (/audience|issuer/.test(message)) return unauthenticated(`The bearer token's ${/audience/.test(message) ? 'aud' : 'iss'} claim is not accepted.`);
  return unauthenticated('The bearer token is invalid.');
}
