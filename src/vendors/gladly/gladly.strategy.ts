import { Injectable, Optional } from '@nestjs/common';
import { validationFailed } from '../../common/chat-identity.error.js';
import { E164_PHONE } from '../../common/validation.js';
import { vendorCredentialMissing, vendorRuleViolated } from '../vendors.exception.js';
import { InjectChatIdentityOptions } from '../../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../../chat-identity.options.js';
import { ChatIdentityMetrics } from '../../metrics/chat-identity-metrics.js';
import { parseVendorSettings } from '../vendor-settings.js';
import {
  type IdentityClaims,
  type InspectionFinding,
  type MintedToken,
  type IntegrationRef,
  type IssuedIdentity,
  type IssueRequest,
  type MintedVendorStrategy,
} from '../vendor-strategy.js';
import type { MintedTokenClientOptions } from '../minted-token/minted-token-client.options.js';
import { VendorMintedStrategy } from '../minted-token/vendor-minted.strategy.js';
import { gladlyIdentityCall, type GladlyIdentityType } from './gladly-identity.call.js';
import { GLADLY_API_HOSTS, GladlySettings } from './gladly.settings.js';
import { GLADLY, GLADLY_SET_USER_JWT_PROPERTY } from './gladly.vendor.js';


interface GladlyContact {
  field: 'email' | 'phone';
  value: string;
  identityType: GladlyIdentityType;
}

/**
 * Gladly (docs/vendors.md, Gladly): the widget is fed `Gladly.setUser({ name, email | phone })`; in `jwt`
 * mode we also ask Gladly's User Identity API to mint a JWT for that email (or E.164 phone) with the
 * API user's Basic credentials, and pass it along. Email wins over phone. `expiresAt` is the minted
 * token's `exp`, else now + `tokenTtlSeconds` (standard mode has no token: the client re-asks then).
 */
@Injectable()
export class GladlyStrategy extends VendorMintedStrategy implements MintedVendorStrategy<GladlySettings> {
  static readonly definition = GLADLY;
  readonly definition = GLADLY;

  constructor(
    @InjectChatIdentityOptions() options: ChatIdentityModuleOptions,
    // No provider for it in the module (the defaults apply); given when the strategy is built by hand.
    @Optional() clientOptions?: Partial<MintedTokenClientOptions>,
    @Optional() metrics?: ChatIdentityMetrics,
  ) {
    super(GLADLY, GLADLY_API_HOSTS, options, clientOptions, metrics);
  }

  parseSettings(raw: unknown): GladlySettings {
    const settings = parseVendorSettings(GLADLY, raw);
    this.checkBaseUrl(settings.baseUrl);
    return settings;
  }

  requiresSecret(settings: GladlySettings): boolean {
    return settings.mode === 'jwt';
  }

  async issue({ integration, claims, signingKey }: IssueRequest<GladlySettings>): Promise<IssuedIdentity> {
    const settings = integration.settings;
    const contact = contactOf(claims);
    if (settings.mode === 'standard') {
      return { expiresAt: new Date(Date.now() + settings.tokenTtlSeconds * 1000), handoff: setUserHandoff(claims, contact) };
    }
    if (contact.field === 'phone' && !E164_PHONE.test(contact.value)) {
      throw vendorRuleViolated("Gladly's User Identity API takes a phone number only in E.164 format (e.g. +14155550123); the user's phone number is not.");
    }
    if (!signingKey) {
      throw vendorCredentialMissing(`Integration "${integration.slug}" has no active Gladly API token.`);
    }
    const { baseUrl, apiUser } = settings;
    if (baseUrl === undefined || apiUser === undefined) {
      throw validationFailed('Gladly jwt mode needs settings.baseUrl and settings.apiUser.');
    }
    const minted = await this.tokens.mint(
      gladlyIdentityCall({
        baseUrl,
        apiUser,
        apiToken: signingKey.key.export().toString('utf8'),
        identityType: contact.identityType,
        identity: contact.value,
        fallbackTtlSeconds: settings.tokenTtlSeconds,
        integrationId: integration.id,
        secretVersion: signingKey.version,
        userId: claims.userId,
      }),
    );
    return { expiresAt: minted.expiresAt, handoff: setUserHandoff(claims, contact, minted.token) };
  }

  /** Gladly signs these tokens with its own key, so only their shape and lifetime can be checked here. */
  inspect(token: MintedToken, integration: IntegrationRef<GladlySettings>): InspectionFinding[] {
    const findings = this.mintedTokenFindings(
      token,
      token.jwt === undefined
        ? { rule: 'jwt-form', ok: false, message: "This is not a JWT (header.payload.signature): pass the token exactly as Gladly's User Identity API returned it." }
        : { rule: 'exp-present', ok: false, message: "The token has no numeric exp claim, so its lifetime is unknown: pass the token exactly as Gladly's User Identity API returned it." },
    );
    if (integration.settings.mode === 'jwt') return findings;
    return [
      ...findings,
      {
        rule: 'jwt-mode',
        ok: false,
        message: 'This integration is in standard mode: setUser carries no token. Set settings.mode to "jwt" to pass Gladly identity JWTs.',
      },
    ];
  }
}

/** Gladly identifies a chat user by email, or by phone number when there is no email. */
function contactOf(claims: IdentityClaims): GladlyContact {
  if (claims.email) return { field: 'email', value: claims.email, identityType: 'EMAIL' };
  if (claims.phone) return { field: 'phone', value: claims.phone, identityType: 'MOBILE_PHONE_NUMBER' };
  throw vendorRuleViolated('Gladly identifies a chat user by email or phone number (setUser); the user has neither.');
}

/** The one place the `setUser` argument is shaped (docs/http-api.md: `{ name, email | phone, jwt? }`). */
function setUserHandoff(claims: IdentityClaims, contact: GladlyContact, jwt?: string): Record<string, unknown> {
  const setUser: Record<string, unknown> = {};
  if (claims.name) setUser.name = claims.name;
  setUser[contact.field] = contact.value;
  if (jwt !== undefined) setUser[GLADLY_SET_USER_JWT_PROPERTY] = jwt;
  return { setUser };
}
