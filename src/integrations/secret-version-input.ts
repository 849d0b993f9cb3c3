import { validationFailed } from '../common/chat-identity.error.js';
import type { NewSecretVersion } from '../secrets/new-secret-material.js';
import { CredentialKind, type VendorDefinition } from '../vendors/vendor-definition.js';

/** The secret fields of an admin request: a vendor secret (and its key id), or a request to generate a key pair. */
export interface SecretFields {
  secret?: unknown;
  keyId?: unknown;
  generate?: boolean;
}

/**
 * What a vendor's new secret version is, from the request's fields, or null when none is given;
 * refuses what the vendor cannot use: a secret for a vendor that verifies our own key pairs, a key
 * pair for one that gave us a secret, a key without the key id the vendor requires.
 */
export function secretVersionFor(vendor: VendorDefinition, fields: SecretFields): NewSecretVersion | null {
  const { secret, keyId, generate } = fields;
  if (vendor.credential === CredentialKind.Rs256Jwt) {
    if (secret !== undefined) {
      throw refused('secret', `${vendor.name} integrations take no secret: their key pairs are generated here ({ "generate": true }).`);
    }
    return generate === true ? { source: 'generated', keyId } : null;
  }
  if (generate === true) {
    throw refused('generate', `${vendor.name} signs with the secret it issued; key pairs are generated only for vendors that fetch our JWK Set.`);
  }
  if (secret === undefined) return null;
  if (vendor.requiresKeyId && keyId === undefined) {
    throw refused('keyId', `${vendor.name} picks the signing key by its id: send the key's id as keyId next to the secret.`);
  }
  return { source: 'vendor', secret, keyId };
}

function refused(field: keyof SecretFields, message: string): Error {
  return validationFailed(message, [{ field, message }]);
}
