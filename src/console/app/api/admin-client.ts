import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './admin-api.js';

export type Schemas = components['schemas'];
export type AdminRole = Schemas['SignedInAdminResponse']['role'];
/** /v1/admin/me, and the single sign-on flag a server that offers SSO adds to it. */
export type SignedInAdmin = Schemas['SignedInAdminResponse'] & { sso?: boolean };
export type AdminClient = ReturnType<typeof createClient<paths>>;

const ROLES: readonly AdminRole[] = ['viewer', 'operator', 'owner'];
export const roleCovers = (held: AdminRole, needed: AdminRole): boolean => ROLES.indexOf(held) >= ROLES.indexOf(needed);

/** Where the page says the admin API is: the module's route prefix, empty when it has none. */
export const apiPrefix = (): string => document.querySelector<HTMLMetaElement>('meta[name="chat-identity-api"]')?.content ?? '';

/**
 * A client of the admin API on this origin. With a key (the standalone's admin keys), every call carries
 * it in a header, held in this closure only; without one, the host's own sign-in cookies go along.
 */
export function adminClient(key: string | undefined): AdminClient {
  const client = createClient<paths>({ baseUrl: `${location.origin}${apiPrefix()}`, credentials: 'same-origin' });
  const withKey: Middleware = {
    onRequest({ request }) {
      if (key) request.headers.set('authorization', `Bearer ${key}`);
      return request;
    },
  };
  client.use(withKey);
  return client;
}

/** The plain words of a refused call: the problem's detail, else its status. */
export function problemText(error: unknown, response: Response): string {
  const detail = (error as { detail?: unknown } | undefined)?.detail;
  const fields = (error as { errors?: Array<{ field: string; message: string }> } | undefined)?.errors ?? [];
  const base = typeof detail === 'string' ? detail : `The server answered ${response.status}.`;
  return [base, ...fields.map((field) => `${field.field}: ${field.message}`)].join(' ');
}
