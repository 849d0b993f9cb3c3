import { IdentifierField, type UserIdentifier } from '../settings-fields.js';

/** Settings of a Kustomer integration; the secret (the chat secret) is stored apart. Kustomer fixes the lifetime. */
export class KustomerSettings {
  @IdentifierField()
  identifier: UserIdentifier = 'userId';
}
