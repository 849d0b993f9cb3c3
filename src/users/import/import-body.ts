import type { Readable } from 'node:stream';
import { unsupportedMediaType, validationFailed } from '../../common/chat-identity.error.js';
import type { ImportMapping } from '../user-profile.js';
import { readCsvMappings } from './csv-mapping-reader.js';

/** Largest import body read, as the standalone's body limit: about 200k pairs. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

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
    if (!Array.isArray(request.body)) {
      throw validationFailed('A JSON import is an array of { "externalId", "uuid" } objects.', [{ field: 'body', message: 'must be a JSON array' }]);
    }
    return { format: 'json', rows: request.body as ImportMapping[] };
  }
  if (mediaType === 'text/csv') return { format: 'csv', rows: await readCsvMappings(csvSource(request), MAX_IMPORT_BYTES) };
  throw unsupportedMediaType(`Unsupported Content-Type "${mediaType || '(none)'}": send application/json or text/csv.`);
}

/**
 * The CSV bytes, whichever way the host delivered them: a string or Buffer from a text/raw body parser
 * (Express `express.text()`, Fastify `useBodyParser`), a stream passed through by a content-type
 * parser (the standalone's), or, with no parser at all (Express), the unread request stream itself.
 */
function csvSource(request: ImportRequest): AsyncIterable<Buffer | string> | Iterable<Buffer | string> {
  const { body } = request;
  if (typeof body === 'string' || Buffer.isBuffer(body)) return [body];
  for (const candidate of [body, request.raw, request]) {
    if (isUnreadStream(candidate)) return candidate;
  }
  // A host misconfiguration, not the caller's mistake: logged, answered with a 500.
  throw new Error('The text/csv body was consumed by a body parser that kept nothing: register a text parser for text/csv, or none.');
}

function isUnreadStream(value: unknown): value is Readable {
  const stream = value as Partial<Readable> | undefined;
  return typeof stream?.[Symbol.asyncIterator] === 'function' && typeof stream.pipe === 'function' && stream.readableEnded === false;
}
