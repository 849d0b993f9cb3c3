/**
 * What to do on each vendor's side and in which order, summarised from docs/vendors.md and the vendor
 * folders' README.md: the one place the console keeps it.
 */
interface VendorGuide {
  /** What the widget is handed: decides the inspector's form. */
  credential: 'jwt' | 'signature' | 'vendor-minted' | 'key-pair';
  checklist: string[];
}

const SIGN_IN_ON_LOGIN = 'On your site, load the widget without its automatic start and attach the browser library (Install) after your own login.';

const GUIDES: Record<string, VendorGuide> = {
  glassix: {
    credential: 'jwt',
    checklist: [
      'In Glassix, open the department\'s API settings: copy the API key (the apiKey setting) and the API secret (the secret here).',
      'Create the integration with the widget\'s snippet id.',
      'Turn on "Require identity verification" in the workspace only once the widget gets its token.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  gladly: {
    credential: 'vendor-minted',
    checklist: [
      'In Gladly, create an API user and its API token (the secret here, with the API user\'s email in the settings).',
      'Create the integration with your organization\'s Gladly host.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  decimal: {
    credential: 'jwt',
    checklist: ['In Decimal, enable identity verification on the widget and copy its JWT signing secret.', 'Embed the widget with data-disable-autoboot.', SIGN_IN_ON_LOGIN],
  },
  tiledesk: {
    credential: 'jwt',
    checklist: [
      'In Tiledesk, Project Settings > Visitor Authentication: copy the Project Shared Secret (shown once).',
      'Create the integration with the project id.',
      'Regenerating the secret in Tiledesk revokes the old one at once (no overlap): add the new secret here and activate it right after.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  hubspot: {
    credential: 'vendor-minted',
    checklist: [
      'In HubSpot (Professional or Enterprise), create a private app with the conversations.visitor_identification.tokens.create scope.',
      'Its access token is the secret here.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  intercom: {
    credential: 'jwt',
    checklist: ['In Intercom, Messenger security settings: copy the Messenger API secret.', 'Turn on identity verification with JWTs for web (and mobile if used).', SIGN_IN_ON_LOGIN],
  },
  zendesk: {
    credential: 'jwt',
    checklist: [
      'In Zendesk Admin Center, Account > Security > End-user authentication: create a signing key for messaging.',
      'Store its secret here with its key id (app_...); Zendesk holds up to 10 keys, so add the next key before removing the old one.',
      'Turn on authentication for the messaging channel.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  kustomer: {
    credential: 'jwt',
    checklist: ['In Kustomer, chat settings: copy the chat secret for secure identification.', 'Keep server clocks right: Kustomer refuses tokens issued over 15 minutes ago.', SIGN_IN_ON_LOGIN],
  },
  salesforce: {
    credential: 'key-pair',
    checklist: [
      'Create the integration, then generate its first key pair (activate now) on its Secrets screen: nothing secret is copied from Salesforce.',
      'In Salesforce Setup, User Verification: add a keyset with the JWKS URL shown on the Secrets screen and the same issuer as the issuer setting.',
      'Rotate by generating a staged key pair first: Salesforce reads the JWKS URL, which lists pending and active keys.',
      SIGN_IN_ON_LOGIN,
    ],
  },
  helpscout: {
    credential: 'signature',
    checklist: ['In Help Scout, Beacon > Contact: turn on secure mode and copy its secret key.', SIGN_IN_ON_LOGIN],
  },
  front: {
    credential: 'signature',
    checklist: ['In Front, the chat inbox\'s chat channel: turn on "Verify logged-in user identity" and copy the verification secret.', SIGN_IN_ON_LOGIN],
  },
  chatwoot: {
    credential: 'signature',
    checklist: ['In Chatwoot, Inboxes > your inbox > Configuration > Identity Validation: copy the HMAC token.', SIGN_IN_ON_LOGIN],
  },
  crisp: {
    credential: 'signature',
    checklist: ['In Crisp, website settings > Identity Verification (paid plan): copy the secret.', SIGN_IN_ON_LOGIN],
  },
  tawkto: {
    credential: 'signature',
    checklist: ['In tawk.to, Administration > Overview > JavaScript API: turn on Secure Mode and copy its key.', SIGN_IN_ON_LOGIN],
  },
  reamaze: {
    credential: 'signature',
    checklist: ['In Re:amaze, Settings > Account IDs and Secret: copy the SSO secret.', SIGN_IN_ON_LOGIN],
  },
};

const UNKNOWN: VendorGuide = { credential: 'jwt', checklist: [SIGN_IN_ON_LOGIN] };

export const vendorGuide = (vendor: string): VendorGuide => GUIDES[vendor] ?? UNKNOWN;

/** Vendors that verify our own generated key pairs, so a new version is generated, never pasted. */
export const vendorTakesKeyPair = (vendor: string): boolean => vendorGuide(vendor).credential === 'key-pair';
