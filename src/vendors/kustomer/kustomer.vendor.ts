import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { KustomerSettings } from './kustomer.settings.js';

/** Claims Kustomer defines itself; no mapping may set them (Kustomer takes no custom claims). */
export const KUSTOMER_OWN_CLAIMS = ['externalId', 'email'] as const;

/** Kustomer accepts a login JWT for 15 minutes after its `iat`. */
export const KUSTOMER_TOKEN_LIFETIME_SECONDS = 15 * 60;

export const KUSTOMER = defineVendor({
  id: 'kustomer',
  name: 'Kustomer',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: [...UNIVERSALLY_RESERVED_CLAIMS, ...KUSTOMER_OWN_CLAIMS],
  settings: KustomerSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['login'],
    properties: {
      login: {
        type: 'object',
        description: 'The argument of Kustomer.login(...); mobile: Kustomer.logIn(jwt).',
        required: ['jwtToken'],
        properties: { jwtToken: { type: 'string', description: 'HS256 JWT: externalId and iat, valid 15 minutes from iat.' } },
      },
    },
  },
  credentialIn: { path: ['login', 'jwtToken'] },
  logout: { call: 'Kustomer.logout()' },
});
