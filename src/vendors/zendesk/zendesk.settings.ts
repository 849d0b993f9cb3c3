import { IdentifierField, TokenLifetimeField, type UserIdentifier } from '../settings-fields.js';

/** Settings of a Zendesk messaging integration; each secret version is a signing key with its key id (`app_...`). */
export class ZendeskSettings {
  @IdentifierField()
  identifier: UserIdentifier = 'userId';

  @TokenLifetimeField('Token lifetime in seconds; Zendesk honours exp and asks for a new JWT through its loginUser callback.', {
    min: 60,
    max: 86_400,
    default: 600,
  })
  tokenTtlSeconds: number = 600;
}
