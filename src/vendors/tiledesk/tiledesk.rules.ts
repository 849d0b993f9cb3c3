/** Claims Tiledesk defines itself; a custom mapping may not set them (custom values go in `attributes`). */
export const TILEDESK_OWN_CLAIMS = ['email', 'firstname', 'lastname', 'attributes'] as const;

/** The `sub` of every external-user token. */
export const TILEDESK_EXTERNAL_SUBJECT = 'userexternal';

/** The string given to `signInWithCustomToken` must start with it. */
export const TILEDESK_TOKEN_PREFIX = 'JWT ';

/** Tiledesk project ids (Mongo ObjectIds): no `_`, so `_id` splits unambiguously, and URL-safe. */
export const TILEDESK_PROJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The server picks the verification secret from the project id in `aud` (on-premise too). */
export function tiledeskAudience(projectId: string): string {
  return `https://tiledesk.com/projects/${projectId}`;
}

/** `_id` must start with the project id and an underscore. */
export function tiledeskUserIdPrefix(projectId: string): string {
  return `${projectId}_`;
}

/** `Ada King Lovelace` -> `{ firstname: 'Ada', lastname: 'King Lovelace' }`; unknown parts are undefined (left out of a token). */
export function splitName(name: string | undefined): { firstname?: string; lastname?: string } {
  const [firstname, ...rest] = (name ?? '').trim().split(/\s+/);
  return { firstname: firstname || undefined, lastname: rest.length > 0 ? rest.join(' ') : undefined };
}
