import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { GlassixSettings } from './glassix.settings.js';

export const GLASSIX = defineVendor({
  id: 'glassix',
  name: 'Glassix',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: GlassixSettings,
  exampleSettings: { apiKey: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', snippetId: 'your-snippet-id', claims: { field1: 'name' } },
  handoffSchema: {
    type: 'object',
    required: ['widgetOptions'],
    properties: {
      widgetOptions: {
        type: 'object',
        description: 'Assign to window.widgetOptions, then load the Glassix widget snippet.',
        required: ['apiKey', 'snippetId', 'uniqueIdentifier', 'identityToken'],
        properties: {
          apiKey: { type: 'string', format: 'uuid', description: 'The department API key, lower-case.' },
          snippetId: { type: 'string' },
          uniqueIdentifier: { type: 'string', format: 'uuid', description: "The user's stable id, equal to the token's aud." },
          identityToken: { type: 'string', description: 'HS256 JWT.' },
        },
      },
    },
  },
  credentialIn: { path: ['widgetOptions', 'identityToken'] },
  logout: { call: 'widgetClient.destroy()' },
});
