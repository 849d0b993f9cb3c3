import { requireSigningKey } from '../common-token-rules.js';
import { Injectable } from '@nestjs/common';
import { HexHmacSigner } from '../hex-hmac-signer.js';
import { type CredentialKind, staticDefinitionOf, type VendorDefinition } from '../vendor-definition.js';
import { parseVendorSettings } from '../vendor-settings.js';
import type {
  HashVendorStrategy,
  IdentityClaims,
  InspectionFinding,
  IntegrationRef,
  IssuedIdentity,
  IssueRequest,
  NearMiss,
  SignedValue,
} from '../vendor-strategy.js';
import { signatureFormFindings, spacingNearMisses } from './signed-value.rules.js';

/** What a hash vendor's widget gets: the value the vendor hashes, and the hand-off once it is signed. */
export interface SignedHandoff {
  /** Exactly the string the vendor recomputes the HMAC over, as the hand-off carries it. */
  signed: string;
  handoff(signature: string): Record<string, unknown>;
}

/**
 * What the hash vendors (Help Scout, Front, Chatwoot, Crisp, tawk.to, Re:amaze) share: settings
 * validation, a lower-case hex HMAC-SHA256 of exactly the value handed over, made with the active
 * secret, that never expires (`expiresAt: null`), and the inspector's findings on the signature's
 * form. Each vendor says what it signs and hands over, and its own rules on the signed value.
 */
@Injectable()
export abstract class SignedValueStrategy<S extends object> implements HashVendorStrategy<S> {
  constructor(private readonly signer: HexHmacSigner) {}

  /** The subclass's static `definition`: one place says what the vendor is. */
  get definition(): VendorDefinition<S, CredentialKind.HmacSha256Hex> {
    return staticDefinitionOf<VendorDefinition<S, CredentialKind.HmacSha256Hex>>(this);
  }

  parseSettings(raw: unknown): S {
    return parseVendorSettings(this.definition, raw);
  }

  async issue(request: IssueRequest<S>): Promise<IssuedIdentity> {
    const { signed, handoff } = this.signedHandoff(request.claims, request.integration.settings);
    const signature = this.signer.sign(signed, requireSigningKey(request, this.definition));
    return { expiresAt: null, handoff: handoff(signature) };
  }

  inspect(value: SignedValue, integration: IntegrationRef<S>): InspectionFinding[] {
    return [...signatureFormFindings(value.signature, this.definition), ...this.signedValueFindings(value.signed, integration.settings)];
  }

  nearMisses(value: SignedValue, integration: IntegrationRef<S>): NearMiss[] {
    return [...spacingNearMisses(value.signed, this.definition), ...this.signedValueNearMisses(value.signed, integration.settings)];
  }

  /** What this vendor signs for the user and hands over; a 422 naming the rule when the user lacks it. */
  protected abstract signedHandoff(claims: IdentityClaims, settings: S): SignedHandoff;

  /** The vendor's rules on the signed value, in plain language. */
  protected abstract signedValueFindings(signed: string, settings: S): InspectionFinding[];

  /** The vendor's usual mistakes on the signed value (other letter case, parts swapped, ...). */
  protected abstract signedValueNearMisses(signed: string, settings: S): NearMiss[];
}

