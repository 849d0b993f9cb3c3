import { decodeJwt } from 'jose';
import type { MintedIdentityToken } from '../minted-token/minted-token.cache.js';
import type { MintCall } from '../minted-token/minted-token.client.js';
import { parseVendorJson, type VendorAnswer } from '../minted-token/vendor-api.caller.js';
import { VendorsException, VendorsExceptionCode, vendorRuleViolated, withLoggedDetail } from '../../vendors/vendors.exception.js';

export type GladlyIdentityType = 'EMAIL' | 'MOBILE_PHONE_NUMBER';

export const GLADLY_IDENTITY_PATH = '/api/v1/user-identity-jwt';

export interface GladlyMintRequest {
  baseUrl: string;
  apiUser: string;
  apiToken: string;
  identityType: GladlyIdentityType;
  identity: string;
  /** Lifetime assumed when the minted token carries no readable `exp`. */
  fallbackTtlSeconds: number;
  integrationId: string;
  secretVersion: number;
  userId: string;
}

/**
 * How to ask Gladly's User Identity API (`POST /api/v1/user-identity-jwt`, HTTP Basic with the API
 * user's token) for a user's token, and how to read the answer; MintedTokenClient does the rest.
 */
export function gladlyIdentityCall(request: GladlyMintRequest): MintCall {
  const { baseUrl, apiUser, apiToken, identityType, identity } = request;
  return {
    scope: { integrationId: request.integrationId, secretVersion: request.secretVersion, userId: request.userId, request: [baseUrl, apiUser, identityType, identity] },
    request: () => ({
      url: new URL(GLADLY_IDENTITY_PATH, baseUrl),
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${apiUser}:${apiToken}`, 'utf8').toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ identityType, identity }),
    }),
    interpret: (answer) => mintedTokenOf(answer, request.fallbackTtlSeconds),
  };
}

function mintedTokenOf({ status, body }: VendorAnswer, fallbackTtlSeconds: number): MintedIdentityToken {
  if (status >= 200 && status < 300) {
    const token = tokenOf(body);
    return { token, expiresAt: expiryOf(token, fallbackTtlSeconds) };
  }
  if (status === 400) {
    throw withLoggedDetail(vendorRuleViolated("Gladly refused the identity (HTTP 400); Gladly's reasons are in the service log under this request id."), errorDetails(body));
  }
  if (status === 401 || status === 403) {
    throw new VendorsException(
      VendorsExceptionCode.RejectedCredentials,
      `Gladly rejected the credentials (HTTP ${status}): check settings.apiUser and the integration's API token.`,
    );
  }
  throw new VendorsException(VendorsExceptionCode.Unavailable, `Gladly answered HTTP ${status} to the User Identity request: check settings.baseUrl.`);
}

function tokenOf(text: string): string {
  const token = (parseVendorJson(text) as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token !== '') return token;
  throw new VendorsException(VendorsExceptionCode.Unavailable, 'Gladly answered the User Identity request without a token.');
}

/** Gladly's token format is not documented: a JWT's `exp` is used when readable, else the fallback. */
function expiryOf(token: string, fallbackTtlSeconds: number): Date {
  try {
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') return new Date(exp * 1000);
  } catch {
    // Not a JWT: fall through to the configured lifetime.
  }
  return new Date(Date.now() + fallbackTtlSeconds * 1000);
}

/** The `detail` (else `code`) of each entry of Gladly's `{ errors: [{ attr, code, detail }] }`. */
function errorDetails(text: string): string {
  const errors = (parseVendorJson(text) as { errors?: unknown } | undefined)?.errors;
  const details = (Array.isArray(errors) ? errors : [])
    .map((error: { attr?: unknown; code?: unknown; detail?: unknown }) => {
      const what = typeof error?.detail === 'string' ? error.detail : typeof error?.code === 'string' ? error.code : undefined;
      return what && typeof error.attr === 'string' ? `${error.attr}: ${what}` : what;
    })
    .filter((detail): detail is string => detail !== undefined);
  return details.length > 0 ? details.join('; ').slice(0, 500) : 'no details given';
}
