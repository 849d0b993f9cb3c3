import { StringDecoder } from 'node:string_decoder';
import { type FieldProblem, payloadTooLarge, validationFailed } from '../../common/chat-identity.error.js';
import type { ImportMapping } from '../user-profile.js';
import { type CsvRecord, CsvRecordParser, CsvSyntaxError } from './csv-record-parser.js';

const COLUMNS = ['externalId', 'uuid'] as const;
const MAX_REPORTED_PROBLEMS = 100;

/**
 * Reads `externalId,uuid` CSV (header line first, columns in either order) from a stream of chunks,
 * decoding and parsing as the bytes arrive: memory holds the parsed pairs, never a copy of the text.
 * Structural problems name the pair as `rows[i]` (the i-th data row, as in JSON imports) and its line.
 */
export async function readCsvMappings(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, maxBytes: number): Promise<ImportMapping[]> {
  const decoder = new StringDecoder('utf8');
  const parser = new CsvRecordParser();
  const reader = new MappingCollector();
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (bytes > maxBytes) {
        throw payloadTooLarge(`The import is larger than ${maxBytes / (1024 * 1024)} MiB; split it into several requests.`);
      }
      reader.addAll(parser.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    }
    reader.addAll(parser.push(decoder.end()));
    reader.addAll(parser.end());
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw validationFailed(`The CSV cannot be read: ${error.message}.`, [{ field: 'body', message: error.message }]);
    throw error;
  }
  return reader.finish();
}

class MappingCollector {
  private columns?: { externalId: number; uuid: number; count: number };
  private readonly mappings: ImportMapping[] = [];
  private readonly problems: FieldProblem[] = [];

  addAll(records: CsvRecord[]): void {
    for (const record of records) this.add(record);
  }

  finish(): ImportMapping[] {
    if (!this.columns) throw headerProblem('The CSV is empty');
    if (this.problems.length > 0) {
      throw validationFailed(`${this.problems.length} problem(s) in the CSV; nothing was imported.`, this.problems.slice(0, MAX_REPORTED_PROBLEMS));
    }
    return this.mappings;
  }

  private add(record: CsvRecord): void {
    if (!this.columns) {
      this.columns = columnsOf(record);
      return;
    }
    const row = this.mappings.length + this.problems.length;
    if (record.fields.length !== this.columns.count) {
      this.problems.push({
        field: `rows[${row}]`,
        message: `line ${record.line}: expected ${this.columns.count} fields (externalId,uuid), found ${record.fields.length}`,
      });
      return;
    }
    this.mappings.push({ externalId: record.fields[this.columns.externalId], uuid: record.fields[this.columns.uuid].trim() });
  }
}

function columnsOf(header: CsvRecord): { externalId: number; uuid: number; count: number } {
  const names = header.fields.map((name) => name.trim());
  const [externalId, uuid] = COLUMNS.map((column) => names.findIndex((name) => name.toLowerCase() === column.toLowerCase()));
  if (externalId === -1 || uuid === -1 || names.length !== COLUMNS.length) {
    throw headerProblem(`The first line is "${names.join(',').slice(0, 80)}"`);
  }
  return { externalId, uuid, count: names.length };
}

function headerProblem(found: string): Error {
  const message = `${found}: a CSV import starts with the header line externalId,uuid, then one pair per line.`;
  return validationFailed(message, [{ field: 'body', message }]);
}
