import { Injectable } from '@nestjs/common';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { IntegrationLookupService } from '../integrations/integration-lookup.service.js';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { SecretsService } from '../secrets/secrets.service.js';
import type { StableUser } from '../users/user-profile.js';
import { UsersService } from '../users/users.service.js';
import type { LogoutHint } from '../vendors/vendor-definition.js';
import type { IdentityClaims } from '../vendors/vendor-strategy.js';
import type { Subject } from './subject/subject-resolver.js';

/** The answer to a token request (docs/http-api.md, End-user API). */
export interface WidgetIdentity {
  integration: string;
  vendor: string;
  /** The stable, lower-case UUID: the same for this user from every integration. */
  userId: string;
  /** ISO instant; null when the credential never expires (hash vendors' signatures). */
  expiresAt: string | null;
  handoff: Record<string, unknown>;
  /** The vendor's documented logout call, to run on logout or user switch. */
  logout: LogoutHint;
}

/** Turns an authenticated subject into what one integration's widget needs. */
@Injectable()
export class IdentityService {
  constructor(
    private readonly integrations: IntegrationLookupService,
    private readonly users: UsersService,
    private readonly secrets: SecretsService,
    private readonly metrics: ChatIdentityMetrics,
    @InjectCacheOptions() private readonly cacheOptions: CacheOptions,
  ) {}

  async issue(integrationSlug: string, subject: Subject): Promise<WidgetIdentity> {
    // One budget for the request's reads: a hung database costs a new user one wait, not one per cache.
    const waitUntil = Date.now() + this.cacheOptions.loadTimeoutMs;
    const integration = await this.integrations.resolveEnabled(integrationSlug, waitUntil);
    const user = await this.users.resolve(subject, waitUntil);
    const signingKey = integration.requiresSecret ? await this.secrets.getSigningKey(integration.ref.id, waitUntil) : undefined;
    const issued = await integration.strategy.issue({
      integration: integration.ref,
      claims: this.claims(subject, user),
      signingKey,
    });
    this.metrics.tokenIssued(integration.ref.slug, integration.ref.vendor);
    return {
      integration: integration.ref.slug,
      vendor: integration.ref.vendor,
      userId: user.userId,
      expiresAt: issued.expiresAt?.toISOString() ?? null,
      handoff: issued.handoff,
      logout: integration.strategy.definition.logout,
    };
  }

  /** Canonical claims: what the caller proved now, completed by what we stored earlier. */
  private claims(subject: Subject, user: StableUser): IdentityClaims {
    return {
      userId: user.userId,
      externalId: subject.externalId,
      email: subject.email ?? user.email ?? undefined,
      // A stored email was verified by no one in this request.
      emailVerified: subject.email !== undefined && subject.emailVerified === true,
      name: subject.name ?? user.name ?? undefined,
      phone: subject.phone ?? user.phone ?? undefined,
      attributes: subject.attributes ?? {},
      issuedAt: Math.floor(Date.now() / 1000),
    };
  }
}
