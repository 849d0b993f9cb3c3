/**
 * The console's own policy, stricter than any host's: its script and style files only, data calls to
 * its own origin, no framing. Nothing inline runs.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The page with where it lives and where the admin API is (both public: the page carries nothing secret). */
export const renderConsolePage = (template: string, consolePath: string, apiPrefix: string): string =>
  template.replaceAll('%BASE%', escapeAttribute(consolePath)).replaceAll('%API%', escapeAttribute(apiPrefix));

/** `/chat` + `console` -> `/chat/console`; no trailing slash. */
export const joinRoute = (...parts: string[]): string =>
  `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
