import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { TawkToSettings } from './tawkto.settings.js';

/** UNCONFIRMED: tawk.to's help pages say the hash combines the secret key and the user id, not with which HMAC; hex HMAC-SHA256 is assumed. */
export const TAWKTO_HASH_KIND = CredentialKind.HmacSha256Hex;

/** UNCONFIRMED: tawk.to documents `shutdown()` as disconnecting the widget, not whether it ends the login. */
export const TAWKTO_LOGOUT_CALL = 'Tawk_API.shutdown()';

export const TAWKTO = defineVendor({
  id: 'tawkto',
  name: 'tawk.to',
  credential: TAWKTO_HASH_KIND,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: TawkToSettings,
  exampleSettings: { identifier: 'userId' },
  handoffSchema: {
    type: 'object',
    required: ['login'],
    properties: {
      login: {
        type: 'object',
        description: 'The first argument of Tawk_API.login(data, callback); the callback gets an error (401: hash and userId do not match).',
        required: ['userId', 'hash'],
        properties: {
          userId: { type: 'string', description: 'Exactly the signed value: the user id settings.identifier names.' },
          hash: { type: 'string', description: "Hex HMAC-SHA256 of the userId with the property's secret key; never expires." },
          name: { type: 'string' },
          email: { type: 'string', format: 'email' },
        },
      },
    },
  },
  credentialIn: { path: ['login', 'hash'] },
  logout: { call: TAWKTO_LOGOUT_CALL },
});
