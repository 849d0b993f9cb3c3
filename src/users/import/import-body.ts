import type { Readable } from 'node:stream';
import { unsupportedMediaType, validationFailed } from '../../common/chat-identity.error.js';
import type { ImportMapping } from '../user-profile.js';
import { readCsvMappings } from './csv-mapping-reader.js';
import { readJsonMappings } from './json-mapping-reader.js';

/** Largest import body read: about 200k pairs. The standalone gives this route alone a body limit this large. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** The import route as the standalone serves it (no prefix), for its route-specific body limit. */
export const USERS_IMPORT_PATH = '/v1/admin/users/import';

export type ImportFormat = 'json' | 'csv';

/** What any Nest HTTP adapter hands a controller: Fastify's request wraps the Node one in `raw`, Express's is it. */
export interface ImportRequest {
  body?: unknown;
  raw?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** The import's pairs and its format, from a JSON array or a `text/csv` body. */
export async function readImportBody(request: ImportRequest): Promise<{ format: ImportFormat; rows: ImportMapping[] }> {
  const mediaType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json') {
    // The standalone leaves this route's JSON unparsed (see json-mapping-reader.ts); a host's parser may not.
    if (Array.isArray(request.body)) return { format: 'json', rows: request.body as ImportMapping[] };
    if (isUnparsed(request)) return { format: 'json', rows: await readJsonMappings(unparsedSource(request, 'application/json'), MAX_IMPORT_BYTES) };
    throw validationFailed('A JSON import is an array of { "externalId", "uuid" } objects.', [{ field: 'body', message: 'must be a JSON array' }]);
  }
  if (mediaType === 'text/csv') return { format: 'csv', rows: await readCsvMappings(unparsedSource(request, 'text/csv'), MAX_IMPORT_BYTES) };
  throw unsupportedMediaType(`Unsupported Content-Type "${mediaType || '(none)'}": send application/json or text/csv.`);
}

function isUnparsed(request: ImportRequest): boolean {
  const { body } = request;
  return typeof body === 'string' || Buffer.isBuffer(body) || isUnreadStream(body);
}

/**
 * The body's bytes, whichever way the host delivered them: a string or Buffer from a text/raw body parser
 * (Express `express.text()`, Fastify `useBodyParser`, the standalone's JSON parser on this route), a
 * stream passed through by a content-type parser (the standalone's CSV one), or, with no parser at all
 * (Express), the unread request stream itself.
 */
function unparsedSource(request: ImportRequest, mediaType: string): AsyncIterable<Buffer | string> | Iterable<Buffer | string> {
  const { body } = request;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return [body];
  for (const candidate of [body, request.raw, request]) {
    // Not destroyed when the reader stops early (a refused import): that would close the connection before
    // the refusal is sent; what is left is discarded after the answer (see lingering-close.ts).
    if (isUnreadStream(candidate)) return candidate.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer | string>;
  }
  // A host misconfiguration, not the caller's mistake: logged, answered with a 500.
  throw new Error(`The ${mediaType} body was consumed by a body parser that kept nothing: register a text parser for ${mediaType}, or none.`);
}

function isUnreadStream(value: unknown): value is Readable {
  const stream = value as Partial<Readable> | undefined;
  return typeof stream?.[Symbol.asyncIterator] === 'function' && typeof stream.pipe === 'function' && stream.readableEnded === false;
}
