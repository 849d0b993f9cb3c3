import { CredentialKind, defineVendor } from '../vendor-definition.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from '../vendor-strategy.js';
import { HubSpotSettings } from './hubspot.settings.js';

export const HUBSPOT = defineVendor({
  id: 'hubspot',
  name: 'HubSpot',
  credential: CredentialKind.VendorMinted,
  reservedClaims: UNIVERSALLY_RESERVED_CLAIMS,
  settings: HubSpotSettings,
  exampleSettings: {},
  handoffSchema: {
    type: 'object',
    required: ['hsConversationsSettings'],
    properties: {
      hsConversationsSettings: {
        type: 'object',
        description: 'Set as window.hsConversationsSettings, then window.HubSpotConversations.widget.load().',
        required: ['loadImmediately', 'identificationEmail', 'identificationToken'],
        properties: {
          loadImmediately: { type: 'boolean', enum: [false] },
          identificationEmail: { type: 'string', format: 'email' },
          identificationToken: { type: 'string', description: "Minted by HubSpot's Visitor Identification API; valid 12 hours." },
        },
      },
    },
  },
  credentialIn: { path: ['hsConversationsSettings', 'identificationToken'] },
  logout: { call: 'window.HubSpotConversations.clear({ resetWidget: true })' },
});
