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
        items: {
          type: 'array',
          prefixItems: [
            { type: 'string', enum: ['set'] },
            { type: 'string', enum: ['user:email'] },
            {
              type: 'array',
              prefixItems: [
                { type: 'string', format: 'email', description: 'Exactly the signed value.' },
                { type: 'string', description: 'Hex HMAC-SHA256 of the email with the verification secret; never expires.' },
              ],
            },
          ],
        },
      },
    },
  },
  credentialIn: { path: ['push', '0', '2', '1'] },
  logout: { call: '$crisp.push(["do", "session:reset"])' },
});
