import { IdentifierSettings } from '../signed-value/identifier-settings.js';

/** Settings of a Chatwoot integration; the secret (the inbox's HMAC token) is stored apart. */
export class ChatwootSettings extends IdentifierSettings {}
