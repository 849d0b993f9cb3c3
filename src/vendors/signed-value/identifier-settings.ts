import { IdentifierField, type UserIdentifier } from '../settings-fields.js';

/** Settings of a vendor that names the user by an id it signs: only which id. */
export class IdentifierSettings {
  @IdentifierField()
  identifier: UserIdentifier = 'userId';
}
