import { Injectable } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { ChatIdentityError, ChatIdentityErrorCode, notFound } from '../common/chat-identity.error.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import { IntegrationLookupService } from '../integrations/integration-lookup.service.js';
import { type PublishedKeyPair, SecretsService } from '../secrets/secrets.service.js';
import { CredentialKind } from '../vendors/vendor-definition.js';
import { VendorsException } from '../vendors/vendors.exception.js';

/** A public key of our JWK Set (RFC 7517), for vendors that verify our RS256 tokens. */
export interface PublicJwk {
  kid: string;
  kty: 'RSA';
  alg: 'RS256';
  use: 'sig';
  n: string;
  e: string;
}

/** A JWK Set (RFC 7517 section 5). */
export interface JwkSet {
  keys: PublicJwk[];
}

/** How long a slug's answer (its key set's owner, or none) is kept: an unknown slug costs one read per this, per instance. */
const OWNER_TTL_MS = 10_000;
/** Bounds the memory a scan of made-up slugs can take; beyond it the oldest answers go. */
const MAX_OWNERS = 10_000;

/**
 * The public keys vendors verify our RS256 tokens with (Salesforce fetches them from a keyset URL):
 * pending ones, so a key can be known before it signs; the active one; retired ones, so tokens signed
 * before a rotation still verify. Revoked keys leave the set at once. An unknown slug, a disabled
 * integration and a shared-secret vendor get the same 404, so the route tells nothing about which slugs exist.
 */
@Injectable()
export class JwksService {
  /** Slug -> the id of the enabled RS256 integration behind it, or null: no key set (answers kept for both). */
  private readonly owners: ReadThroughCache<string, string | null>;
  private readonly publicKeys: ReadThroughCache<string, PublicJwk[]>;

  constructor(
    private readonly integrations: IntegrationLookupService,
    private readonly secrets: SecretsService,
    changeFeed: ChangeFeedService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    const revocable = { staleWindowMs: cacheOptions.signingKeyStaleWindowMs, loadTimeoutMs: cacheOptions.loadTimeoutMs };
    this.owners = new ReadThroughCache('key-set-owners', { ttlMs: OWNER_TTL_MS, maxEntries: MAX_OWNERS, ...revocable });
    this.publicKeys = new ReadThroughCache('public-keys', { ttlMs: cacheOptions.integrationTtlMs, maxEntries: 10_000, ...revocable });
    changeFeed.subscribe('integration', (slug) => this.owners.invalidate(slug), this.owners);
    // A follower of its own, so that a lost feed makes the key set resynchronise too.
    changeFeed.subscribe('secret', (integrationId) => this.publicKeys.invalidate(integrationId), this.publicKeys);
    secrets.onChanged((integrationId) => this.publicKeys.invalidate(integrationId));
  }

  async keySet(slug: string): Promise<JwkSet> {
    const owner = await this.owners.get(slug, (key) => this.loadOwner(key));
    if (owner === null) throw notFound(`No key set "${slug}".`);
    return { keys: await this.publicKeys.get(owner, (id) => this.loadPublicKeys(id)) };
  }

  private async loadOwner(slug: string): Promise<string | null> {
    try {
      const { ref, strategy } = await this.integrations.resolveEnabled(slug);
      return strategy.definition.credential === CredentialKind.Rs256Jwt ? ref.id : null;
    } catch (error) {
      // Unknown or disabled (404), or settings that no longer validate (422): no key set, said the same way.
      if ((error instanceof ChatIdentityError && error.code === ChatIdentityErrorCode.NotFound) || error instanceof VendorsException) return null;
      throw error;
    }
  }

  private async loadPublicKeys(integrationId: string): Promise<PublicJwk[]> {
    return (await this.secrets.publishedKeyPairs(integrationId)).map(toPublicJwk);
  }
}

function toPublicJwk({ keyId, privateKey }: PublishedKeyPair): PublicJwk {
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  return { kid: keyId, kty: 'RSA', alg: 'RS256', use: 'sig', n: n!, e: e! };
}
