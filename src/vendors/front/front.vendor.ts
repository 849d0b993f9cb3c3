import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { FrontSettings } from './front.settings.js';

export const FRONT = defineVendor({
  id: 'front',
  name: 'Front',
  credential: CredentialKind.HmacSha256Hex,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: FrontSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['init'],
    properties: {
      init: {
        type: 'object',
        description: "Spread into FrontChat('init', { chatId, ...init }) (once per page load).",
        required: ['email', 'userHash'],
        properties: {
          email: { type: 'string', format: 'email', description: 'Exactly the signed value.' },
          name: { type: 'string' },
          userHash: { type: 'string', description: "Hex HMAC-SHA256 of the email with the chat's verification secret; never expires." },
        },
      },
    },
  },
  credentialIn: { path: ['init', 'userHash'] },
  logout: { call: "FrontChat('shutdown', { clearSession: true })" },
});
