import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { ZendeskSettings } from './zendesk.settings.js';

/** Claims Zendesk defines itself; no mapping may set them (Zendesk takes no custom claims). */
export const ZENDESK_OWN_CLAIMS = ['scope', 'external_id', 'name', 'email', 'email_verified'] as const;

/** `scope` has one documented value. */
export const ZENDESK_SCOPE = 'user';

/** The longest `external_id` Zendesk accepts. */
export const ZENDESK_EXTERNAL_ID_MAX_CHARS = 255;

export const ZENDESK = defineVendor({
  id: 'zendesk',
  name: 'Zendesk',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: [...UNIVERSALLY_RESERVED_CLAIMS, ...ZENDESK_OWN_CLAIMS],
  settings: ZendeskSettings,
  exampleSettings: {},
  requiresKeyId: true,
  handoffSchema: {
    type: 'object',
    required: ['loginUser'],
    properties: {
      loginUser: {
        type: 'object',
        description: "zE('messenger', 'loginUser', (callback) => callback(loginUser.jwt)); mobile: loginUser(jwt).",
        required: ['jwt'],
        properties: { jwt: { type: 'string', description: 'HS256 JWT, header kid = the signing key id: scope, external_id, name, email, email_verified, iat, exp.' } },
      },
    },
  },
  credentialIn: { path: ['loginUser', 'jwt'] },
  logout: { call: "zE('messenger', 'logoutUser')" },
});
