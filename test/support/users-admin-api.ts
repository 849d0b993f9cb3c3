// Users admin and token inspector calls for the e2e specs, on top of admin-api.ts's HTTP client.
import { randomUUID } from 'node:crypto';
import { type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { ADMIN_HEADERS, type HttpClient } from './admin-api.js';
import { testDatabaseUrl, testMasterKey } from './database.js';

export interface AdminUserBody {
  externalId: string;
  userId: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ErasedUserBody {
  externalId: string;
  userId: string;
  erasedAt: string;
}

export interface ImportReportBody {
  inserted: number;
  alreadyPresent: number;
  conflicts: string[];
}

export interface FindingBody {
  rule: string;
  ok: boolean;
  message: string;
}

export interface InspectionBody {
  integration: string;
  vendor: string;
  ok: boolean;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signature: { valid: boolean; verifiable: boolean; version?: number; state?: 'pending' | 'active' | 'retired' | 'revoked'; message: string };
  findings: FindingBody[];
}

export interface Mapping {
  externalId: string;
  uuid: string;
}

/** The users admin endpoints and the inspector; `headers` replaces the admin credentials (401 tests). */
export function usersAdminApi(http: HttpClient, headers: Record<string, string> = ADMIN_HEADERS) {
  const userUrl = (externalId: string) => `/v1/admin/users/${encodeURIComponent(externalId)}`;
  return {
    get: (externalId: string) => http.send<AdminUserBody>('GET', userUrl(externalId), { headers }),
    getById: (userId: string) => http.send<AdminUserBody>('GET', `/v1/admin/users/by-id/${encodeURIComponent(userId)}`, { headers }),
    erase: (externalId: string) => http.send<ErasedUserBody>('DELETE', userUrl(externalId), { headers }),
    importJson: (body: unknown) => http.send<ImportReportBody>('POST', '/v1/admin/users/import', { headers, body }),
    /** `contentType` other than text/csv sends the text under that type. */
    importText: (text: string, contentType = 'text/csv') =>
      http.send<ImportReportBody>('POST', '/v1/admin/users/import', { headers: { ...headers, 'content-type': contentType }, rawBody: text }),
    inspect: (slug: string, token: unknown) =>
      http.send<InspectionBody>('POST', `/v1/admin/integrations/${encodeURIComponent(slug)}/inspect`, { headers, body: { token } }),
    /** A hash vendor's credential: the signature and the value it signs. */
    inspectSignature: (slug: string, value: { signature: string; signed: string }) =>
      http.send<InspectionBody>('POST', `/v1/admin/integrations/${encodeURIComponent(slug)}/inspect`, { headers, body: value }),
  };
}

/** `count` fresh pairs whose external ids start with `prefix`. */
export const freshMappings = (prefix: string, count: number): Mapping[] =>
  Array.from({ length: count }, (_, index) => ({ externalId: `${prefix}-${randomUUID()}-${index}`, uuid: randomUUID() }));

/** CSV with the header line; fields with a comma, quote or line break are quoted (RFC 4180). */
export function csvOf(rows: Mapping[], lineBreak = '\n'): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return ['externalId,uuid', ...rows.map((row) => `${field(row.externalId)},${field(row.uuid)}`)].join(lineBreak) + lineBreak;
}

/** The finding of `rule` in an inspection (throws when the vendor has no such rule). */
export function findingOf(report: InspectionBody, rule: string): FindingBody {
  const finding = report.findings.find((candidate) => candidate.rule === rule);
  if (!finding) throw new Error(`no finding ${rule} in ${report.findings.map((candidate) => candidate.rule).join(', ')}`);
  return finding;
}

export interface CraftOptions {
  /** @default 'HS256' */
  alg?: string;
  /** Extra protected header parameters. */
  header?: Record<string, unknown>;
}

/** A token signed with `secret` exactly as given: no claim is added. */
export function signToken(claims: JWTPayload & Record<string, unknown>, secret: string, options: CraftOptions = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ ...options.header, alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(secret));
}

/** An `alg: none` token (no signature). */
export const unsignedToken = (claims: JWTPayload & Record<string, unknown>): string => new UnsecuredJWT(claims).encode();

/** Unix seconds now, shifted by `offsetSeconds`. */
export const unixSeconds = (offsetSeconds = 0): number => Math.floor(Date.now() / 1000) + offsetSeconds;

/** Sets the environment test/host's HostAppModule reads; returns the function that restores it. */
export function hostEnvironment(): () => void {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, CHAT_IDENTITY_MASTER_KEY: process.env.CHAT_IDENTITY_MASTER_KEY };
  process.env.DATABASE_URL = testDatabaseUrl();
  process.env.CHAT_IDENTITY_MASTER_KEY = testMasterKey();
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
