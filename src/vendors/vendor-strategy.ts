import type { KeyObject } from 'node:crypto';

/** The canonical identity of the caller, built by IdentityService, before any vendor formatting. */
export interface IdentityClaims {
  /** The stable, lower-case UUID of the user. */
  userId: string;
  externalId: string;
  email?: string;
  name?: string;
  /** E.164 phone number, when known. */
  phone?: string;
  attributes: Record<string, unknown>;
  /** Unix seconds. */
  issuedAt: number;
}

/** The active vendor credential of an integration, decrypted once and cached. */
export interface SigningKey {
  version: number;
  fingerprint: string;
  key: KeyObject;
}

export interface IntegrationRef<S> {
  id: string;
  slug: string;
  vendor: string;
  settings: S;
}

export interface IssueRequest<S> {
  integration: IntegrationRef<S>;
  claims: IdentityClaims;
  /** Present whenever `requiresSecret(settings)` is true (the default). */
  signingKey?: SigningKey;
}

export interface IssuedIdentity {
  expiresAt: Date;
  /** Exactly what the vendor's widget call expects (see API.md). */
  handoff: Record<string, unknown>;
}

/** One finding of the token inspector, in plain language, with the fix. */
export interface InspectionFinding {
  rule: string;
  ok: boolean;
  message: string;
}

export interface DecodedToken {
  /** The string as submitted (Tiledesk's `JWT ` prefix included). */
  raw: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/**
 * Everything one vendor needs: settings validation, reserved claims, issuing, and the rules the
 * token inspector checks. Register a new vendor with `VENDOR_STRATEGIES` (vendors.module.ts).
 */
export interface VendorStrategy<S = unknown> {
  /** Lower-case vendor name used in `integration.vendor`, e.g. `glassix`. */
  readonly vendor: string;
  /** Claims custom mappings can never set: the vendor's own plus the JWT registered ones. */
  readonly reservedClaims: readonly string[];
  /** Validates and normalizes stored settings; throws a validation error naming each bad field. */
  parseSettings(raw: unknown): S;
  /** True when the vendor itself signs the tokens (Gladly): the inspector cannot verify their signature. @default false */
  readonly mintedByVendor?: boolean;
  /** Whether this configuration needs a stored vendor secret (Gladly's standard mode does not). @default true */
  requiresSecret?(settings: S): boolean;
  issue(request: IssueRequest<S>): Promise<IssuedIdentity>;
  /** Checks a token against every documented rule of the vendor. */
  inspect(token: DecodedToken, integration: IntegrationRef<S>): InspectionFinding[];
  /** Forgets anything cached for this user (a vendor-minted token, say) when the user is erased. */
  forgetUser?(userId: string): void;
}

/** Claims no vendor lets a custom mapping set (JWT registered claims plus Tiledesk's `role`). */
export const UNIVERSALLY_RESERVED_CLAIMS = ['iss', 'aud', 'sub', 'exp', 'iat', 'nbf', 'jti', '_id', 'role'] as const;
