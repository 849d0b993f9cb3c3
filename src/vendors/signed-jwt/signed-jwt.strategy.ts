import { Inject, Injectable } from '@nestjs/common';
import { type ClaimMapping, resolveClaimMapping, withCustomClaims } from '../claim-mapping.js';
import { commonTokenFindings, keyIdFinding, requireSigningKey, type TokenLifetime, tokenLifetime } from '../common-token-rules.js';
import { TokenSigner } from '../token-signer.js';
import { CredentialKind, type JwtCredentialKind, staticDefinitionOf, type VendorDefinition } from '../vendor-definition.js';
import { parseVendorSettings } from '../vendor-settings.js';
import type { DecodedToken, IdentityClaims, InspectionFinding, IntegrationRef, IssuedIdentity, IssueRequest, JwtVendorStrategy, SigningKey } from '../vendor-strategy.js';
import { vendorRuleViolated } from '../vendors.exception.js';

/** What signs a vendor's JWT: `TokenSigner` (HS256) by default, `Rs256TokenSigner` for vendors verifying our own key pair. */
export interface JwtSigner {
  sign(claims: Record<string, unknown>, signingKey: SigningKey): string;
}

/** The settings a signed-here JWT vendor may have that the base reads: a lifetime and a custom claims mapping. */
export interface JwtVendorSettings {
  tokenTtlSeconds?: number;
  claims?: ClaimMapping;
}

const currentUnixSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * What the JWT vendors signed here (Glassix, Decimal, Tiledesk, Intercom, Zendesk, Kustomer, Salesforce)
 * share: settings validation, the signing key (and its key id when the vendor picks keys by `kid`),
 * the token lifetime, mapped custom claims laid under the vendor's own, the signature, and the
 * inspector's common findings (algorithm, `exp`, `kid`). Each vendor says which claims it signs, how
 * its widget is handed the token, and its own inspection rules.
 */
@Injectable()
export abstract class SignedJwtStrategy<S extends object> implements JwtVendorStrategy<S> {
  constructor(@Inject(TokenSigner) private readonly signer: JwtSigner) {}

  /** The subclass's static `definition`: one place says what the vendor is. */
  get definition(): VendorDefinition<S, JwtCredentialKind> {
    return staticDefinitionOf<VendorDefinition<S, JwtCredentialKind>>(this);
  }

  parseSettings(raw: unknown): S {
    return parseVendorSettings(this.definition, raw);
  }

  async issue(request: IssueRequest<S>): Promise<IssuedIdentity> {
    const signingKey = this.signingKeyOf(request);
    const { settings } = request.integration;
    const lifetime = tokenLifetime(request.claims.issuedAt, this.tokenTtlSeconds(settings));
    const own = this.vendorClaims(request.claims, settings, lifetime);
    const mapped = resolveClaimMapping((settings as JwtVendorSettings).claims, request.claims);
    const claims = this.withMappedClaims(own, mapped);
    return { expiresAt: lifetime.expiresAt, handoff: this.handoff(this.signer.sign(claims, signingKey), settings, request.claims) };
  }

  inspect(token: DecodedToken, integration: IntegrationRef<S>, nowSeconds = currentUnixSeconds()): InspectionFinding[] {
    return [...this.commonFindings(token, nowSeconds), ...this.vendorFindings(token, integration.settings, nowSeconds)];
  }

  /** The claims the vendor defines, from the caller's identity (a 422 naming the rule when it lacks one). */
  protected abstract vendorClaims(identity: IdentityClaims, settings: S, lifetime: TokenLifetime): Record<string, unknown>;

  /** What the vendor's widget call takes, around the signed token. */
  protected abstract handoff(token: string, settings: S, identity: IdentityClaims): Record<string, unknown>;

  /** The vendor's own inspection rules, after the common ones. */
  protected abstract vendorFindings(token: DecodedToken, settings: S, nowSeconds: number): InspectionFinding[];

  /** Seconds the token lives: the `tokenTtlSeconds` setting, unless the vendor fixes it. */
  protected tokenTtlSeconds(settings: S): number {
    const { tokenTtlSeconds } = settings as JwtVendorSettings;
    if (tokenTtlSeconds === undefined) throw new Error(`${this.definition.name} settings carry no tokenTtlSeconds`);
    return tokenTtlSeconds;
  }

  /** Mapped custom claims beside the vendor's own, never over a reserved one (a vendor may nest them instead). */
  protected withMappedClaims(own: Record<string, unknown>, mapped: Record<string, unknown>): Record<string, unknown> {
    return Object.keys(mapped).length === 0 ? own : withCustomClaims(own, mapped, this.definition.reservedClaims);
  }

  /** Its one algorithm and an unexpired `exp`, and the `kid` when the vendor picks its key by it (its own key id, or our JWKS's). */
  protected commonFindings(token: DecodedToken, nowSeconds: number): InspectionFinding[] {
    const findings = commonTokenFindings(this.definition, token, nowSeconds);
    const picksKeyByKid = this.definition.requiresKeyId === true || this.definition.credential === CredentialKind.Rs256Jwt;
    return picksKeyByKid ? [...findings, keyIdFinding(this.definition, token)] : findings;
  }

  private signingKeyOf(request: IssueRequest<S>): SigningKey {
    const signingKey = requireSigningKey(request, this.definition);
    if (this.definition.requiresKeyId && signingKey.keyId === undefined) {
      const { name } = this.definition;
      throw vendorRuleViolated(`${name} picks the signing key by kid, and active version ${signingKey.version} has no keyId: add the key again with its id.`);
    }
    return signingKey;
  }
}
