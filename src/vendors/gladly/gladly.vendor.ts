import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { GladlySettings } from './gladly.settings.js';

/** UNCONFIRMED by Gladly's docs: the `setUser` property carrying the minted JWT. Change it here only. */
export const GLADLY_SET_USER_JWT_PROPERTY = 'jwt';

export const GLADLY = defineVendor({
  id: 'gladly',
  name: 'Gladly',
  credential: CredentialKind.VendorMinted,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: GladlySettings,
  exampleSettings: { mode: 'standard' },
  handoffSchema: {
    type: 'object',
    required: ['setUser'],
    properties: {
      setUser: {
        type: 'object',
        description: 'The argument of Gladly.setUser(...), after Gladly.init(...): the email, or the phone when there is no email.',
        properties: {
          name: { type: 'string' },
          email: { type: 'string', format: 'email' },
          phone: { type: 'string', description: 'E.164.' },
          [GLADLY_SET_USER_JWT_PROPERTY]: { type: 'string', description: 'In jwt mode: the identity JWT Gladly minted.' },
        },
      },
    },
  },
  credentialIn: { path: ['setUser', GLADLY_SET_USER_JWT_PROPERTY] },
  logout: { call: 'Gladly.clearUser()' },
});
