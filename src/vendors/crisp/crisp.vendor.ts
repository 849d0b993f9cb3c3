import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { CrispSettings } from './crisp.settings.js';

/**
 * UNCONFIRMED: Crisp's retrievable docs say the email is signed "with a private key" but not with
 * which HMAC; SHA-256 (hex) is assumed. Change the kind here only.
 */
export const CRISP_SIGNATURE_KIND = CredentialKind.HmacSha256Hex;

export const CRISP = defineVendor({
  id: 'crisp',
  name: 'Crisp',
  credential: CRISP_SIGNATURE_KIND,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: CrispSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['push'],
    properties: {
      push: {
        type: 'array',
        description: 'Each entry goes to $crisp.push(entry): ["set", "user:email", [email, signature]].',
        // OpenAPI 3.0 has no tuples: three entries, the first two strings, the last a pair of strings.
        items: {
          type: 'array',
          minItems: 3,
          maxItems: 3,
          items: {
            oneOf: [
              { type: 'string', description: '"set", then "user:email".' },
              {
                type: 'array',
                minItems: 2,
                maxItems: 2,
                items: { type: 'string' },
                description: '[email, signature]: exactly the signed value, then its hex HMAC-SHA256 with the verification secret (it never expires).',
              },
            ],
          },
        },
      },
    },
  },
  credentialIn: { path: ['push', '0', '2', '1'] },
  logout: { call: '$crisp.push(["do", "session:reset"])' },
});
