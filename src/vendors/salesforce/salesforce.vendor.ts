import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { SalesforceSettings } from './salesforce.settings.js';

/** `setIdentityToken`'s one documented identity token type. */
export const SALESFORCE_IDENTITY_TOKEN_TYPE = 'JWT';

export const SALESFORCE = defineVendor({
  id: 'salesforce',
  name: 'Salesforce',
  credential: CredentialKind.Rs256Jwt,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: SalesforceSettings,
  exampleSettings: { issuer: 'https://app.example.com' },
  handoffSchema: {
    type: 'object',
    required: ['setIdentityToken'],
    properties: {
      setIdentityToken: {
        type: 'object',
        description:
          'The argument of embeddedservice_bootstrap.userVerificationAPI.setIdentityToken(...), after onEmbeddedMessagingReady, in every tab; ' +
          'again with a new one on onEmbeddedMessagingIdentityTokenExpired.',
        required: ['identityTokenType', 'identityToken'],
        properties: {
          identityTokenType: { type: 'string', enum: [SALESFORCE_IDENTITY_TOKEN_TYPE] },
          identityToken: { type: 'string', description: 'RS256 JWT, header kid = a key of GET /v1/jwks/{integration}: iss, sub, iat, exp.' },
        },
      },
    },
  },
  credentialIn: { path: ['setIdentityToken', 'identityToken'] },
  logout: { call: 'embeddedservice_bootstrap.userVerificationAPI.clearSession(true)' },
});
