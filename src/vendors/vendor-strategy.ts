import type { KeyObject } from 'node:crypto';
import { CredentialKind, type JwtCredentialKind, type VendorDefinition } from './vendor-definition.js';

/** The canonical identity of the caller, built by IdentityService, before any vendor formatting. */
export interface IdentityClaims {
  /** The stable, lower-case UUID of the user. */
  userId: string;
  externalId: string;
  email?: string;
  /** True only when the caller's identity provider or trusted server verified `email` in this request. */
  emailVerified?: boolean;
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
  /** A secret key (HS256, HMAC), an RSA private key (RS256) or an API credential (minted kinds). */
  key: KeyObject;
  /** The vendor's name for this key (Zendesk `app_...`, our JWKS `kid`): issued JWT headers carry it as `kid`. */
  keyId?: string;
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
  /** When the credential stops working; null when it never expires (hex HMAC signatures). */
  expiresAt: Date | null;
  /** Exactly what the vendor's widget call expects (the definition's `handoffSchema`). */
  handoff: Record<string, unknown>;
}

/** One finding of the token inspector, in plain language, with the fix. */
export interface InspectionFinding {
  rule: string;
  ok: boolean;
  message: string;
}

/** A JWT as the inspector decoded it, untrusted. */
export interface DecodedToken {
  /** The string as submitted (Tiledesk's `JWT ` prefix included). */
  raw: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** A hash vendor's credential as the inspector received it. */
export interface SignedValue {
  /** The hex signature the widget got. */
  signature: string;
  /** The exact value that was hashed (an email, an identifier, `id:email`). */
  signed: string;
}

/**
 * A value close to the one given that a hash vendor's users often sign by mistake (other letter case,
 * white space, the parts in the other order): the inspector checks the signature against it too.
 */
export interface NearMiss {
  signed: string;
  /** The rule the mistake breaks, e.g. `helpscout.signed.email-case`. */
  rule: string;
  /** What was signed instead, and the fix. */
  message: string;
}

/** A vendor-minted token: decoded when it is a JWT (Gladly's are), else only its raw text. */
export interface MintedToken {
  raw: string;
  jwt?: DecodedToken;
}

interface VendorStrategyBase<S extends object, K extends CredentialKind> {
  /** The vendor's static description (id, credential kind, settings, hand-off schema, logout hint). */
  readonly definition: VendorDefinition<S, K>;
  /** Validates and normalizes stored settings; throws a validation error naming each bad field. */
  parseSettings(raw: unknown): S;
  /** Whether this configuration needs a stored vendor secret (Gladly's standard mode does not). @default true */
  requiresSecret?(settings: S): boolean;
  issue(request: IssueRequest<S>): Promise<IssuedIdentity>;
  /** Forgets anything cached for this user (a vendor-minted token, say) when the user is erased. */
  forgetUser?(userId: string): void;
  /** Forgets anything cached under this integration's secrets (minted tokens) after they changed. */
  forgetIntegration?(integrationId: string): void;
}

/** HS256 or RS256 JWTs signed here; the inspector decodes the JWT and checks its signature first. */
export interface JwtVendorStrategy<S extends object = object> extends VendorStrategyBase<S, JwtCredentialKind> {
  /** Checks a decoded token against every documented rule of the vendor. */
  inspect(token: DecodedToken, integration: IntegrationRef<S>): InspectionFinding[];
}

/** Hex HMAC-SHA256 signatures made here; the inspector tells which stored version made one. */
export interface HashVendorStrategy<S extends object = object> extends VendorStrategyBase<S, CredentialKind.HmacSha256Hex> {
  /** Checks the signed value and the signature's form against the vendor's rules. */
  inspect(value: SignedValue, integration: IntegrationRef<S>): InspectionFinding[];
  /** Values the signature may have been made over by mistake, when no stored version made it over `signed`. */
  nearMisses?(value: SignedValue, integration: IntegrationRef<S>): NearMiss[];
}

/** Credentials minted by the vendor's API; the inspector cannot verify them, only read them. */
export interface MintedVendorStrategy<S extends object = object> extends VendorStrategyBase<S, CredentialKind.VendorMinted> {
  inspect(token: MintedToken, integration: IntegrationRef<S>): InspectionFinding[];
}

/**
 * Everything one vendor needs, by credential kind. A new vendor is one folder (definition, settings,
 * strategy) plus one line in `VENDOR_STRATEGY_CLASSES` (vendor-catalog.ts).
 */
export type VendorStrategy<S extends object = object> = JwtVendorStrategy<S> | HashVendorStrategy<S> | MintedVendorStrategy<S>;

export const isHashStrategy = (strategy: VendorStrategy): strategy is HashVendorStrategy =>
  strategy.definition.credential === CredentialKind.HmacSha256Hex;
export const isMintedStrategy = (strategy: VendorStrategy): strategy is MintedVendorStrategy =>
  strategy.definition.credential === CredentialKind.VendorMinted;

/** Claims no vendor lets a custom mapping set (JWT registered claims plus Tiledesk's `role`). */
export const UNIVERSALLY_RESERVED_CLAIMS = ['iss', 'aud', 'sub', 'exp', 'iat', 'nbf', 'jti', '_id', 'role'] as const;
