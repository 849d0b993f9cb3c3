import { IdentifierSettings } from '../signed-value/identifier-settings.js';

/** Settings of a tawk.to integration; the secret (the property's JavaScript API key, Secure Mode) is stored apart. */
export class TawkToSettings extends IdentifierSettings {}
