// Token-request helpers for the identity e2e specs, on top of admin-api.ts (its loopback HTTP client,
// admin calls and problem checks): arbitrary credentials and bodies, the contract's 200, and an
// independent verification of the vendor tokens with jose.
import { expect } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { adminApi, type HttpClient, type HttpResponse, type IntegrationBody, type ProblemBody, type WidgetIdentityBody } from './admin-api.js';
import { bearer, userToken } from './tokens.js';

export { LOWER_CASE_UUID } from '../../src/common/validation.js';
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A `sub` no other test uses (every spec shares one database). */
export const uniqueSub = (label = 'user'): string => `${label}-${randomUUID()}`;

export interface IntegrationInput {
  slug: string;
  vendor: string;
  settings: Record<string, unknown>;
  secret?: string;
  enabled?: boolean;
}

/** Creates an integration with any settings through the admin API; throws unless `201`. */
export async function createIntegration(http: HttpClient, input: IntegrationInput): Promise<IntegrationBody> {
  const response = await adminApi(http).create({ ...input });
  if (response.status !== 201) throw new Error(`creating ${input.slug}: ${response.status} ${response.text}`);
  return response.body;
}

export interface TokenRequest {
  headers?: Record<string, string>;
  /** Sent as JSON. @default {} */
  body?: unknown;
  /** Sent verbatim as `application/json` instead of `body`, for malformed bodies. */
  rawBody?: string;
}

/** `POST /v1/identity/{slug}` with whatever credentials and body; the raw answer. */
export function requestIdentity(http: HttpClient, slug: string, request: TokenRequest = {}): Promise<HttpResponse<WidgetIdentityBody>> {
  const { headers, body = {}, rawBody } = request;
  return http.send<WidgetIdentityBody>('POST', `/v1/identity/${encodeURIComponent(slug)}`, rawBody === undefined ? { headers, body } : { headers, rawBody });
}

/** A token request with a bearer token the identity provider issued to `sub`, with extra `claims`. */
export async function requestAsUser(
  http: HttpClient,
  slug: string,
  sub: string,
  claims: Record<string, unknown> = {},
): Promise<HttpResponse<WidgetIdentityBody>> {
  return requestIdentity(http, slug, { headers: bearer(await userToken(sub, claims)) });
}

/** Insists on `200` with the contract's headers (JSON, `Cache-Control: no-store`, `x-request-id`); the body. */
export function expectIdentity(response: HttpResponse<WidgetIdentityBody>): WidgetIdentityBody {
  if (response.status !== 200) throw new Error(`token request answered ${response.status}: ${response.text}`);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['x-request-id']).toEqual(expect.any(String));
  return response.body;
}

/** Requests a token for `sub` and insists on `200`. */
export async function issueForUser(
  http: HttpClient,
  slug: string,
  sub: string,
  claims: Record<string, unknown> = {},
): Promise<WidgetIdentityBody> {
  return expectIdentity(await requestAsUser(http, slug, sub, claims));
}

/** The fields named by a problem's `errors[]`. */
export const problemFields = (body: ProblemBody): string[] => (body.errors ?? []).map((error) => error.field);

export interface VerifiedToken {
  header: ProtectedHeaderParameters;
  payload: JWTPayload & Record<string, unknown>;
}

/** Verifies a vendor token independently of the service (HS256 with the vendor secret, nothing else); its header and claims. */
export async function verifyVendorToken(token: string, secret: string): Promise<VerifiedToken> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
  return { header: decodeProtectedHeader(token), payload: payload as JWTPayload & Record<string, unknown> };
}
