import { jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { testDatabaseUrl, testMasterKey } from '../support/database.js';
import { SESSION_HEADER } from './host-auth.js';
import type { RunningHost } from './start-host-app.js';

export interface Reply {
  status: number;
  contentType: string;
  /** The `x-request-id` response header, if any. */
  requestId: string | null;
  body: Record<string, unknown>;
}

export type Call = (method: string, path: string, options?: { session?: string; body?: unknown; headers?: Record<string, string> }) => Promise<Reply>;

/** Sets the environment the host apps' own ConfigModule reads (this run's database unless told); returns the function that restores it. */
export function configureHostEnvironment(databaseUrl = testDatabaseUrl()): () => void {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, CHAT_IDENTITY_MASTER_KEY: process.env.CHAT_IDENTITY_MASTER_KEY };
  process.env.DATABASE_URL = databaseUrl;
  process.env.CHAT_IDENTITY_MASTER_KEY = testMasterKey();
  return () => Object.assign(process.env, saved);
}

/** Real HTTP to a running host; `session` signs the request in as that host session. */
export function hostClient(host: RunningHost): Call {
  return async (method, path, { session, body, headers = {} } = {}) => {
    const response = await fetch(`${host.url}${path}`, {
      method,
      // No content-type without a body: Fastify rejects an empty JSON body with 400.
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(session ? { [SESSION_HEADER]: session } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      requestId: response.headers.get('x-request-id'),
      body: text ? JSON.parse(text) : {},
    };
  };
}

export const newVendorSecret = (): string => `vendor-secret-${randomBytes(16).toString('hex')}`;

/** The Decimal `user_token` of an identity response. */
export const decimalUserToken = (identity: Record<string, unknown>): string =>
  (identity.handoff as { boot: { user_token: string } }).boot.user_token;

/** The token's claims when it is an HS256 JWT signed with `secret`, else null. */
export async function claimsIfSignedWith(token: string, secret: string): Promise<Record<string, unknown> | null> {
  try {
    return (await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] })).payload;
  } catch {
    return null;
  }
}
