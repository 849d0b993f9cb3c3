import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { ReamazeSettings } from './reamaze.settings.js';

/** UNCONFIRMED: Re:amaze documents no logout call; dropping the user and reloading the widget is assumed. */
export const REAMAZE_LOGOUT_CALL = "delete window._support['user']; window.Reamaze.reload()";

export const REAMAZE = defineVendor({
  id: 'reamaze',
  name: 'Re:amaze',
  credential: CredentialKind.HmacSha256Hex,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: ReamazeSettings,
  exampleSettings: { identifier: 'userId' },
  handoffSchema: {
    type: 'object',
    required: ['user'],
    properties: {
      user: {
        type: 'object',
        description: "Set as _support['user'] before Reamaze.js loads.",
        required: ['id', 'email', 'authkey'],
        properties: {
          id: { type: 'string', description: 'The user id settings.identifier names.' },
          email: { type: 'string', format: 'email' },
          name: { type: 'string' },
          authkey: { type: 'string', description: 'Hex HMAC-SHA256 of "<id>:<email>" with the SSO Secret; never expires.' },
        },
      },
    },
  },
  credentialIn: { path: ['user', 'authkey'] },
  logout: { call: REAMAZE_LOGOUT_CALL },
});
