import { Inject, Injectable, Optional } from '@nestjs/common';
import { CHAT_IDENTITY_MODULE_OPTIONS } from '../../chat-identity.module-definition.js';
import type { ChatIdentityModuleOptions } from '../../chat-identity.options.js';
import { ChatIdentityMetrics } from '../../metrics/chat-identity-metrics.js';
import type { MintedTokenClientOptions } from '../minted-token/minted-token-client.options.js';
import { VendorMintedStrategy } from '../minted-token/vendor-minted.strategy.js';
import { parseVendorSettings } from '../vendor-settings.js';
import type { IdentityClaims, InspectionFinding, IssuedIdentity, IssueRequest, MintedToken, MintedVendorStrategy } from '../vendor-strategy.js';
import { HUBSPOT_TOKEN_LIFETIME_SECONDS, hubSpotIdentificationCall, type HubSpotVisitor } from './hubspot-identification.call.js';
import { HUBSPOT_API_HOSTS, type HubSpotSettings } from './hubspot.settings.js';
import { HUBSPOT } from './hubspot.vendor.js';
import { vendorCredentialMissing, vendorRuleViolated } from '../vendors.exception.js';

/**
 * HubSpot (developers.hubspot.com, Visitor Identification API v3): HubSpot mints the token,
 * `POST {baseUrl}/visitor-identification/v3/tokens/create` with the private app's bearer token
 * (scope `conversations.visitor_identification.tokens.create`; Professional or Enterprise only,
 * 403 otherwise) and `{ email, firstName?, lastName? }`; the token lasts 12 hours, so it is cached per
 * user and minted again shortly before. The widget gets it through `window.hsConversationsSettings`.
 */
@Injectable()
export class HubSpotStrategy extends VendorMintedStrategy implements MintedVendorStrategy<HubSpotSettings> {
  static readonly definition = HUBSPOT;
  readonly definition = HUBSPOT;

  constructor(
    @Inject(CHAT_IDENTITY_MODULE_OPTIONS) options: ChatIdentityModuleOptions,
    // No provider for it in the module (the defaults apply); given when the strategy is built by hand.
    @Optional() clientOptions?: Partial<MintedTokenClientOptions>,
    @Optional() metrics?: ChatIdentityMetrics,
  ) {
    super(HUBSPOT, HUBSPOT_API_HOSTS, options, clientOptions, metrics);
  }

  parseSettings(raw: unknown): HubSpotSettings {
    const settings = parseVendorSettings(HUBSPOT, raw);
    this.checkBaseUrl(settings.baseUrl);
    return settings;
  }

  async issue({ integration, claims, signingKey }: IssueRequest<HubSpotSettings>): Promise<IssuedIdentity> {
    const visitor = visitorOf(claims);
    if (!signingKey) {
      throw vendorCredentialMissing(`Integration "${integration.slug}" has no active HubSpot private app token.`);
    }
    const minted = await this.tokens.mint(
      hubSpotIdentificationCall({
        baseUrl: integration.settings.baseUrl,
        privateAppToken: signingKey.key.export().toString('utf8'),
        visitor,
        integrationId: integration.id,
        secretVersion: signingKey.version,
        userId: claims.userId,
      }),
    );
    return {
      expiresAt: minted.expiresAt,
      handoff: {
        hsConversationsSettings: { loadImmediately: false, identificationEmail: visitor.email, identificationToken: minted.token },
      },
    };
  }

  /** HubSpot signs these tokens with its own key: only their lifetime can be read here, when they carry one. */
  inspect(token: MintedToken): InspectionFinding[] {
    return this.mintedTokenFindings(token, {
      rule: 'lifetime',
      ok: true,
      message: `The token carries no readable exp: HubSpot documents a lifetime of ${HUBSPOT_TOKEN_LIFETIME_SECONDS / 3600} hours from minting.`,
    });
  }
}

/** HubSpot identifies a visitor by email; the name, split at its first space, fills an unknown contact name. */
function visitorOf(claims: IdentityClaims): HubSpotVisitor {
  if (!claims.email) {
    throw vendorRuleViolated("HubSpot identifies a chat visitor by email (identificationEmail); the user has no email.");
  }
  const name = claims.name?.trim() ?? '';
  const space = name.search(/\s/);
  if (name === '') return { email: claims.email };
  if (space < 0) return { email: claims.email, firstName: name };
  return { email: claims.email, firstName: name.slice(0, space), lastName: name.slice(space).trim() };
}
