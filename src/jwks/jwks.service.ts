import { Injectable } from '@nestjs/common';
import { notFound } from '../common/chat-identity.error.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { type PublicJwk, SecretsService } from '../secrets/secrets.service.js';
import { CredentialKind } from '../vendors/vendor-definition.js';

/** A JWK Set (RFC 7517 section 5). */
export interface JwkSet {
  keys: PublicJwk[];
}

/**
 * The public keys vendors verify our RS256 tokens with (Salesforce fetches them from a keyset URL):
 * pending ones, so a key can be known before it signs; the active one; retired ones, so tokens signed
 * before a rotation still verify. Revoked keys leave the set at once.
 */
@Injectable()
export class JwksService {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly secrets: SecretsService,
  ) {}

  async keySet(slug: string): Promise<JwkSet> {
    const { ref, strategy } = await this.integrations.resolveEnabled(slug);
    if (strategy.definition.credential !== CredentialKind.Rs256Jwt) {
      throw notFound(`Integration "${slug}" signs with its vendor's secret: it has no public keys.`);
    }
    return { keys: await this.secrets.getPublicKeys(ref.id) };
  }
}
