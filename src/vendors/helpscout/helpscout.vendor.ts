import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { HelpScoutSettings } from './helpscout.settings.js';

export const HELPSCOUT = defineVendor({
  id: 'helpscout',
  name: 'Help Scout',
  credential: CredentialKind.HmacSha256Hex,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: HelpScoutSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['identify'],
    properties: {
      identify: {
        type: 'object',
        description: "The argument of Beacon('identify', ...) in secure mode.",
        required: ['email', 'signature'],
        properties: {
          name: { type: 'string' },
          email: { type: 'string', format: 'email', description: 'Exactly the signed value.' },
          signature: { type: 'string', description: 'Hex HMAC-SHA256 of the email with the Beacon secret key; never expires.' },
        },
      },
    },
  },
  credentialIn: { path: ['identify', 'signature'] },
  logout: { call: "Beacon('logout')" },
});
