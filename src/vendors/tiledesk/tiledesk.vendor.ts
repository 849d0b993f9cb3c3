import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { TILEDESK_OWN_CLAIMS } from './tiledesk.rules.js';
import { TiledeskSettings } from './tiledesk.settings.js';

export const TILEDESK = defineVendor({
  id: 'tiledesk',
  name: 'Tiledesk',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: [...UNIVERSALLY_RESERVED_CLAIMS, ...TILEDESK_OWN_CLAIMS],
  settings: TiledeskSettings,
  exampleSettings: { projectId: '65f1c0de' },
  handoffSchema: {
    type: 'object',
    required: ['tiledeskSettings', 'signInWithCustomToken'],
    properties: {
      tiledeskSettings: {
        type: 'object',
        description: 'Assign to window.tiledeskSettings before the widget script loads.',
        required: ['projectid', 'autoStart'],
        properties: { projectid: { type: 'string' }, autoStart: { type: 'boolean', enum: [false] } },
      },
      signInWithCustomToken: {
        type: 'string',
        pattern: '^JWT ',
        description: "Pass to window.Tiledesk('signInWithCustomToken', ...): \"JWT \" and an HS256 JWT.",
      },
    },
  },
  credentialIn: { path: ['signInWithCustomToken'], prefix: 'JWT ' },
  logout: { call: "window.Tiledesk('logout')" },
});
