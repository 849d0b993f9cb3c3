import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { ChatwootSettings } from './chatwoot.settings.js';

export const CHATWOOT = defineVendor({
  id: 'chatwoot',
  name: 'Chatwoot',
  credential: CredentialKind.HmacSha256Hex,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: ChatwootSettings,
  exampleSettings: { identifier: 'userId' },
  handoffSchema: {
    type: 'object',
    required: ['setUser'],
    properties: {
      setUser: {
        type: 'object',
        description: 'The arguments of window.$chatwoot.setUser(identifier, user).',
        required: ['identifier', 'user'],
        properties: {
          identifier: { type: 'string', description: 'Exactly the signed value: the user id settings.identifier names.' },
          user: {
            type: 'object',
            required: ['identifier_hash'],
            properties: {
              name: { type: 'string' },
              email: { type: 'string', format: 'email' },
              identifier_hash: { type: 'string', description: "Hex HMAC-SHA256 of the identifier with the inbox's HMAC token; never expires." },
            },
          },
        },
      },
    },
  },
  credentialIn: { path: ['setUser', 'user', 'identifier_hash'] },
  logout: { call: 'window.$chatwoot.reset()' },
});
