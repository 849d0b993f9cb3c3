// How long a key we publish in an integration's JWK Set (GET /v1/jwks/{integration}) takes to reach
// every verifier: the two numbers an admin waits out between staging a key pair and activating it.

/** How long verifiers may keep the key set (its Cache-Control max-age); a revoked key can outlive its revocation in their caches by this much. */
export const JWKS_MAX_AGE_SECONDS = 60;

/**
 * How long a verifier may wait before it fetches the set again for a kid it does not know yet: the usual
 * cool-down of JWKS clients (jose's createRemoteJWKSet: cooldownDuration 30 s).
 */
export const VERIFIER_COOLDOWN_SECONDS = 30;

/** When a key pair staged at `stagedAt` is in every verifier's copy of the set: safe to activate. */
export const publishedEverywhereAt = (stagedAt: Date): Date => new Date(stagedAt.getTime() + (JWKS_MAX_AGE_SECONDS + VERIFIER_COOLDOWN_SECONDS) * 1000);
