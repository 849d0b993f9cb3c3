// Shared by the admin / secrets e2e specs: an HTTP client over a real loopback socket, the admin
// calls, vendor fixtures, and the token checks (which secret signed a token).
import { expect } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { DestinationStream } from 'pino';
import { createScratchDatabase, type ScratchDatabase } from '../../src/database/scratch-database.js';
import { CredentialKind, type VendorDefinition } from '../../src/vendors/vendor-definition.js';
import { VENDOR_DEFINITIONS, VENDOR_IDS, type VendorId } from '../../src/vendors/vendor-catalog.js';
import { ADMIN_KEY } from './app.js';
import { bearer, userToken } from './tokens.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim as `application/json`, for malformed bodies. */
  rawBody?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  body: T;
}

export interface HttpClient {
  send<T = unknown>(method: HttpMethod, url: string, request?: HttpRequest): Promise<HttpResponse<T>>;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
  requestId?: string;
}

export type SecretState = 'pending' | 'active' | 'retired' | 'revoked';

export interface SecretMetadataBody {
  version: number;
  state: SecretState;
  fingerprint: string;
  keyId: string | null;
  masterKeyId: string;
  createdBy: string;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  revokedAt: string | null;
  safeToActivateAt: string | null;
}

export interface IntegrationBody {
  slug: string;
  vendor: string;
  settings: Record<string, unknown>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  secret: Pick<SecretMetadataBody, 'version' | 'state' | 'fingerprint'> | null;
}

export interface AuditEventBody {
  id: string;
  occurredAt: string;
  actor: string;
  actorRole: string | null;
  action: string;
  target: string;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface WidgetIdentityBody {
  integration: string;
  vendor: string;
  userId: string;
  expiresAt: string | null;
  handoff: Record<string, unknown>;
  logout: { call: string };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function encode(request: HttpRequest): { headers: Record<string, string>; payload?: string } {
  const headers = { ...request.headers };
  if (request.rawBody !== undefined) return { headers: { 'content-type': 'application/json', ...headers }, payload: request.rawBody };
  if (request.body === undefined) return { headers };
  return { headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(request.body) };
}

/**
 * Starts listening on a loopback port and returns a client for it. (Fastify's inject() cannot load
 * under Jest's ESM runtime: light-my-request require()s the ESM-only `cookie` package.)
 * `recorded` collects every response.
 */
export async function listen(app: NestFastifyApplication, recorded?: HttpResponse[]): Promise<HttpClient & { baseUrl: string }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null) throw new Error('the app is not listening');
  return fetchClient(`http://127.0.0.1:${address.port}`, recorded);
}

/** Over a real loopback socket. */
export function fetchClient(baseUrl: string, recorded?: HttpResponse[]): HttpClient & { baseUrl: string } {
  return {
    baseUrl,
    async send<T>(method: HttpMethod, url: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
      const { headers, payload } = encode(request);
      const reply = await fetch(`${baseUrl}${url}`, { method, headers, body: payload });
      const text = await reply.text();
      const response: HttpResponse<T> = { status: reply.status, headers: Object.fromEntries(reply.headers.entries()), text, body: parseJson(text) as T };
      recorded?.push(response);
      return response;
    },
  };
}

export const ADMIN_HEADERS: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };

/** How the built-in guard names ADMIN_KEY in the audit trail. */
export const ADMIN_ACTOR = `admin-key:${createHash('sha256').update(ADMIN_KEY).digest('hex').slice(0, 12)}`;

export type TestVendor = VendorId;

/** The registered definition of a vendor. */
export function definitionOf(vendor: string): VendorDefinition {
  const definition = VENDOR_DEFINITIONS.find((candidate) => candidate.id === vendor);
  if (!definition) throw new Error(`no vendor ${vendor} is registered`);
  return definition;
}

/** Vendors whose credential is an HS256 JWT signed here with the stored secret. */
export const HS256_VENDORS: readonly TestVendor[] = VENDOR_IDS.filter((vendor) => definitionOf(vendor).credential === CredentialKind.Hs256Jwt);

/** The body fields of a new vendor secret: with a fresh key id for vendors that require one (Zendesk `app_...`). */
export function secretFields(vendor: TestVendor, secret: string): { secret: string; keyId?: string } {
  return definitionOf(vendor).requiresKeyId ? { secret, keyId: `app_${randomBytes(12).toString('hex')}` } : { secret };
}

/** Valid settings for each vendor: its registered example. */
export function settingsFor(vendor: TestVendor): Record<string, unknown> {
  return structuredClone({ ...definitionOf(vendor).exampleSettings });
}

/** Slugs are unique per call: every spec shares one database. */
export const uniqueSlug = (label: string): string => `${label}-${randomUUID()}`;

/** A fresh vendor secret (>= 16 characters), recognizable by its label. */
export const newSecret = (label = 'vendor-secret'): string => `${label}-${randomBytes(18).toString('base64url')}`;

export interface CreatedIntegration {
  slug: string;
  vendor: TestVendor;
  secret: string;
  response: HttpResponse<IntegrationBody & { secret: SecretMetadataBody }>;
}

/** The admin API with the test admin key. */
export function adminApi(http: HttpClient) {
  const send = <T>(method: HttpMethod, url: string, body?: unknown, headers: Record<string, string> = ADMIN_HEADERS) =>
    http.send<T>(method, url, { headers, ...(body === undefined ? {} : { body }) });
  const secretsUrl = (slug: string) => `/v1/admin/integrations/${encodeURIComponent(slug)}/secrets`;

  return {
    send,
    create: (body: Record<string, unknown>) => send<IntegrationBody & { secret: SecretMetadataBody | null }>('POST', '/v1/admin/integrations', body),
    /** Creates a working integration (throws unless 201). */
    async createIntegration(vendor: TestVendor, options: { slug?: string; secret?: string } = {}): Promise<CreatedIntegration> {
      const slug = options.slug ?? uniqueSlug(vendor);
      const secret = options.secret ?? newSecret(vendor);
      const response = await send<IntegrationBody & { secret: SecretMetadataBody }>('POST', '/v1/admin/integrations', {
        slug,
        vendor,
        settings: settingsFor(vendor),
        ...secretFields(vendor, secret),
      });
      if (response.status !== 201) throw new Error(`creating ${vendor} integration: ${response.status} ${response.text}`);
      return { slug, vendor, secret, response };
    },
    get: (slug: string) => send<IntegrationBody>('GET', `/v1/admin/integrations/${encodeURIComponent(slug)}`),
    list: () => send<IntegrationBody[]>('GET', '/v1/admin/integrations'),
    update: (slug: string, body: Record<string, unknown>) => send<IntegrationBody>('PATCH', `/v1/admin/integrations/${encodeURIComponent(slug)}`, body),
    remove: (slug: string) => send<undefined>('DELETE', `/v1/admin/integrations/${encodeURIComponent(slug)}`),
    addSecret: (slug: string, body: Record<string, unknown>) => send<SecretMetadataBody>('POST', secretsUrl(slug), body),
    secrets: (slug: string) => send<SecretMetadataBody[]>('GET', secretsUrl(slug)),
    activate: (slug: string, version: number | string) => send<SecretMetadataBody>('POST', `${secretsUrl(slug)}/${version}/activate`),
    /** `force` revokes even the active version (else a 409). */
    revoke: (slug: string, version: number | string, { force = false } = {}) =>
      send<SecretMetadataBody>('POST', `${secretsUrl(slug)}/${version}/revoke${force ? '?force=true' : ''}`),
    rotateMasterKey: () => send<{ masterKeyId: string; rewrapped: number }>('POST', '/v1/admin/master-key/rotate'),
    masterKeyStatus: () =>
      send<{
        currentMasterKeyId: string;
        affectedMasterKeyIds: string[];
        affectedIntegrations: string[];
        unopenable: Array<{ integration: string; version: number; masterKeyId: string; reason: string }>;
      }>('GET', '/v1/admin/master-key/status'),
    audit: (query = '') => send<AuditEventBody[]>('GET', `/v1/admin/audit${query}`),
    /** Every audit event written by one request, found by paging through the whole trail (newest first). */
    async auditFor(requestId: string): Promise<AuditEventBody[]> {
      const found: AuditEventBody[] = [];
      for (let after: string | undefined; ; ) {
        const page = await send<AuditEventBody[]>('GET', `/v1/admin/audit?limit=500${after ? `&after=${after}` : ''}`);
        if (page.status !== 200) throw new Error(`reading the audit trail: ${page.status} ${page.text}`);
        found.push(...page.body.filter((event) => event.requestId === requestId));
        if (page.body.length < 500) return found;
        after = page.body[page.body.length - 1].id;
      }
    },
  };
}

export type AdminApi = ReturnType<typeof adminApi>;

export interface EndUser {
  sub: string;
  email: string;
  name: string;
  headers: Record<string, string>;
}

/** A signed-in end user (with the email Decimal and Tiledesk need). */
export async function endUser(label = 'user'): Promise<EndUser> {
  const sub = `${label}-${randomUUID()}`;
  const email = `${sub}@example.com`;
  const name = 'Ada Lovelace';
  return { sub, email, name, headers: bearer(await userToken(sub, { email, name })) };
}

export const requestToken = (http: HttpClient, slug: string, user: EndUser): Promise<HttpResponse<WidgetIdentityBody>> =>
  http.send<WidgetIdentityBody>('POST', `/v1/identity/${encodeURIComponent(slug)}`, { headers: user.headers });

/** The credential inside a token response's hand-off, where its vendor's definition says it is (prefix removed). */
export function vendorToken(body: WidgetIdentityBody): string {
  const { path, prefix = '' } = definitionOf(body.vendor).credentialIn;
  const found = path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), body.handoff);
  if (typeof found !== 'string' || !found.startsWith(prefix)) throw new Error(`no vendor credential in ${JSON.stringify(body)}`);
  return found.slice(prefix.length);
}

/** Full HS256 verification (signature, exp) with jose. */
export async function verifiesWith(token: string, secret: string): Promise<boolean> {
  try {
    await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

/** The secrets whose HS256 signature matches the token: a plain HMAC, fast enough for thousands of tokens. */
export function signersOf(token: string, secrets: readonly string[]): string[] {
  const [header, payload, signature] = token.split('.');
  const actual = Buffer.from(signature ?? '', 'base64url');
  return secrets.filter((secret) => {
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  });
}

/** A token request that must succeed; returns the vendor JWT. */
export async function issueVendorToken(http: HttpClient, slug: string, user: EndUser): Promise<string> {
  const response = await requestToken(http, slug, user);
  if (response.status !== 200) throw new Error(`token for ${slug}: ${response.status} ${response.text}`);
  return vendorToken(response.body);
}

/** An RFC 9457 problem answer with the request id in header and body. */
export function expectProblem(response: HttpResponse, status: number): ProblemBody {
  const body = response.body as ProblemBody;
  expect({ status: response.status, contentType: response.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(body.detail.length).toBeGreaterThan(0);
  expect(response.headers['x-request-id']).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers['x-request-id']);
  return body;
}

/**
 * Polls `probe` every 20 ms until it returns true or `timeoutMs` passes; resolves to the elapsed ms, or null.
 * The default is a third of the shortest cache TTL (30 s): a change another instance sees within it came
 * through the change feed, and a loaded machine still makes it. How fast is for `npm run bench`.
 */
export async function msUntil(probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<number | null> {
  const startedAt = performance.now();
  while (performance.now() - startedAt <= timeoutMs) {
    if (await probe()) return Math.round(performance.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return null;
}

/**
 * A database of its own, migrated: for scenarios that touch every row (master-key rotation re-wraps
 * all secrets, under keys of its own).
 */
export const scratchDatabase = (): Promise<ScratchDatabase> => createScratchDatabase();

/** A pino destination that keeps every log line (pass it as startTestApp's `logDestination`). */
export function captureLogs(): { destination: DestinationStream; lines: string[] } {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}
