import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { IntercomSettings } from './intercom.settings.js';

/** Claims Intercom defines itself; a custom mapping may not set them. */
export const INTERCOM_OWN_CLAIMS = ['user_id', 'email', 'name'] as const;

export const INTERCOM = defineVendor({
  id: 'intercom',
  name: 'Intercom',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: [...UNIVERSALLY_RESERVED_CLAIMS, ...INTERCOM_OWN_CLAIMS],
  settings: IntercomSettings,
  exampleSettings: { appId: 'abc12345', claims: { plan: 'attributes.plan' } },
  handoffSchema: {
    type: 'object',
    required: ['intercomSettings'],
    properties: {
      intercomSettings: {
        type: 'object',
        description: "Merge into window.intercomSettings before the Messenger loads (or pass to Intercom('boot', ...)), keeping the page's own settings.",
        required: ['app_id', 'intercom_user_jwt'],
        properties: {
          app_id: { type: 'string' },
          intercom_user_jwt: { type: 'string', description: 'HS256 JWT: user_id, email, name, attributes, iat, exp. Mobile: setUserJwt(...) before login.' },
          api_base: { type: 'string', format: 'uri', description: "The workspace region's API base, when the integration's region setting names it." },
        },
      },
    },
  },
  credentialIn: { path: ['intercomSettings', 'intercom_user_jwt'] },
  logout: { call: "Intercom('shutdown')" },
});
