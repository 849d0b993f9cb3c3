import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { DECIMAL_OWN_CLAIMS } from './decimal.rules.js';
import { DecimalSettings } from './decimal.settings.js';

export const DECIMAL = defineVendor({
  id: 'decimal',
  name: 'Decimal',
  credential: CredentialKind.Hs256Jwt,
  reservedClaims: [...UNIVERSALLY_RESERVED_CLAIMS, ...DECIMAL_OWN_CLAIMS],
  settings: DecimalSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['boot'],
    properties: {
      boot: {
        type: 'object',
        description: 'The argument of Decimal.boot(...) (embed the widget with data-disable-autoboot).',
        required: ['user_token'],
        properties: { user_token: { type: 'string', description: 'HS256 JWT.' } },
      },
    },
  },
  credentialIn: { path: ['boot', 'user_token'] },
  logout: { call: 'Decimal.shutdown()' },
});
