import { Tokenizer, TokenizerError, TokenParser, TokenParserError, TokenType } from '@streamparser/json';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type FieldProblem, payloadTooLarge, validationFailed } from '../../common/chat-identity.error.js';
import { INPUT_LIMITS } from '../../common/request-input.js';
import type { ImportMapping } from '../user-profile.js';

/** Bytes tokenized per event-loop turn: about a millisecond of work, so other requests keep being served. */
const SLICE_BYTES = 32 * 1024;

const VALUE_STARTS = new Set([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET, TokenType.STRING, TokenType.NUMBER, TokenType.TRUE, TokenType.FALSE, TokenType.NULL]);

class ImportShapeError extends Error {
  constructor(readonly problem: FieldProblem) {
    super(problem.message);
  }
}

function unreadable(reason: string): Error {
  return validationFailed(`The JSON cannot be read: ${reason}.`, [{ field: 'body', message: reason }]);
}

/**
 * Reads a JSON import (`[{ "externalId", "uuid" }, ...]`) from its unparsed bytes, a slice per event-loop
 * turn: `JSON.parse` of a 16 MB body blocks the loop for over 100 ms, and of one object with 100k keys for
 * several hundred. Nesting and the keys of one row are held to the request limits as the tokens arrive,
 * so no row is ever built past them; only `externalId` and `uuid` of each row are kept.
 */
export async function readJsonMappings(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): Promise<ImportMapping[]> {
  const rows: Array<Partial<Record<keyof ImportMapping, unknown>>> = [];
  const tokenizer = new Tokenizer();
  const tokenParser = new TokenParser({ paths: ['$.*.*'], keepStack: false });
  let depth = 0;
  let members = 0;
  const rowProblem = (message: string): never => {
    throw new ImportShapeError({ field: `rows[${rows.length - 1}]`, message });
  };
  tokenizer.onToken = (info) => {
    if (depth === 0 && info.token !== TokenType.LEFT_BRACKET) {
      throw new ImportShapeError({ field: 'body', message: 'must be a JSON array' });
    }
    if (depth === 1 && VALUE_STARTS.has(info.token)) {
      rows.push({});
      members = 0;
    }
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
      depth += 1;
      if (depth > INPUT_LIMITS.maxDepth) rowProblem(`nests deeper than ${INPUT_LIMITS.maxDepth} levels`);
    } else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) {
      depth -= 1;
    }
    tokenParser.write(info);
  };
  // Called once per member of a row object, as the member completes; the row itself is never assembled.
  tokenParser.onValue = ({ key, value }) => {
    members += 1;
    if (members > INPUT_LIMITS.maxKeysPerObject) rowProblem(`has more than the ${INPUT_LIMITS.maxKeysPerObject} keys allowed`);
    if (key === 'externalId' || key === 'uuid') rows[rows.length - 1][key] = value;
  };
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += data.length;
      if (bytes > maxBytes) throw payloadTooLarge(`The import is larger than ${maxBytes / (1024 * 1024)} MiB; split it into several requests.`);
      for (let start = 0; start < data.length; start += SLICE_BYTES) {
        tokenizer.write(data.subarray(start, start + SLICE_BYTES));
        await nextTurn();
      }
    }
    tokenizer.end();
  } catch (error) {
    if (error instanceof ImportShapeError) throw validationFailed(`The JSON import is invalid: ${error.problem.field} ${error.message}.`, [error.problem]);
    if (error instanceof TokenizerError || error instanceof TokenParserError) throw unreadable(error.message);
    throw error;
  }
  if (bytes === 0 || depth !== 0 || !tokenParser.isEnded) throw unreadable('the body ends before its array does');
  return rows as ImportMapping[];
}
