import type { MintedIdentityToken } from '../minted-token/minted-token.cache.js';
import type { MintCall } from '../minted-token/minted-token.client.js';
import { parseVendorJson, type VendorAnswer } from '../minted-token/vendor-api.caller.js';
import { VendorsException, VendorsExceptionCode, vendorRuleViolated, withLoggedDetail } from '../../vendors/vendors.exception.js';

export const HUBSPOT_TOKENS_PATH = '/visitor-identification/v3/tokens/create';

/** HubSpot: "Tokens are temporary and will expire after 12 hours." */
export const HUBSPOT_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export interface HubSpotVisitor {
  email: string;
  firstName?: string;
  lastName?: string;
}

export interface HubSpotTokenRequest {
  baseUrl: string;
  privateAppToken: string;
  visitor: HubSpotVisitor;
  integrationId: string;
  secretVersion: number;
  userId: string;
}

/**
 * How to ask HubSpot's Visitor Identification API (`POST /visitor-identification/v3/tokens/create`,
 * bearer private app token, `{ email, firstName?, lastName? }` -> `{ token }`) for a visitor's token,
 * and how to read the answer; MintedTokenClient does the rest.
 */
export function hubSpotIdentificationCall(request: HubSpotTokenRequest): MintCall {
  const { baseUrl, privateAppToken, visitor } = request;
  return {
    scope: {
      integrationId: request.integrationId,
      secretVersion: request.secretVersion,
      userId: request.userId,
      request: [baseUrl, visitor.email, visitor.firstName, visitor.lastName],
    },
    request: () => ({
      url: new URL(HUBSPOT_TOKENS_PATH, baseUrl),
      method: 'POST',
      headers: { authorization: `Bearer ${privateAppToken}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(visitor),
    }),
    interpret: mintedTokenOf,
  };
}

function mintedTokenOf({ status, body }: VendorAnswer): MintedIdentityToken {
  if (status >= 200 && status < 300) {
    const token = (parseVendorJson(body) as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && token !== '') return { token, expiresAt: new Date(Date.now() + HUBSPOT_TOKEN_LIFETIME_SECONDS * 1000) };
    throw new VendorsException(VendorsExceptionCode.Unavailable, 'HubSpot answered the visitor identification request without a token.');
  }
  if (status === 400) {
    throw withLoggedDetail(vendorRuleViolated("HubSpot refused the visitor (HTTP 400); HubSpot's reasons are in the service log under this request id."), messageOf(body));
  }
  if (status === 401) {
    throw new VendorsException(
      VendorsExceptionCode.RejectedCredentials,
      "HubSpot rejected the private app token (HTTP 401): store a valid private app access token as the integration's secret.",
    );
  }
  if (status === 403) {
    const refused = new VendorsException(
      VendorsExceptionCode.RejectedCredentials,
      'HubSpot refused visitor identification (HTTP 403): the Visitor Identification API needs a Professional or Enterprise ' +
        'subscription and a private app with the conversations.visitor_identification.tokens.create scope.',
    );
    throw withLoggedDetail(refused, messageOf(body));
  }
  throw new VendorsException(
    VendorsExceptionCode.Unavailable,
    `HubSpot answered HTTP ${status} to the visitor identification request: check settings.baseUrl.`,
  );
}

/** The `message` of HubSpot's error body `{ status: "error", message, correlationId, category }`. */
function messageOf(text: string): string {
  const message = (parseVendorJson(text) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message.slice(0, 300) : 'no details given';
}
