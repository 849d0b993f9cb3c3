import { IdentifierSettings } from '../signed-value/identifier-settings.js';

/** Settings of a Re:amaze integration; the secret (the account's SSO Secret) is stored apart. */
export class ReamazeSettings extends IdentifierSettings {}
