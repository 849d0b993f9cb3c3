import { describe, expect, it } from '@jest/globals';
import { CsvRecordParser, CsvSyntaxError } from './csv-record-parser.js';
import { readCsvMappings } from './csv-mapping-reader.js';

/** Every record of `text`, fed in chunks of `size` characters (1 = the hardest split). */
function parse(text: string, size = text.length || 1): Array<{ fields: string[]; line: number }> {
  const parser = new CsvRecordParser();
  const records = [];
  for (let start = 0; start < text.length; start += size) records.push(...parser.push(text.slice(start, start + size)));
  return [...records, ...parser.end()];
}

describe('CsvRecordParser', () => {
  it.each([1, 2, 3, 7, 1000])('gives the same records whatever the chunk size (%i)', (size) => {
    const text = '\uFEFFexternalId,uuid\r\n"a, ""quoted""",u1\n\nplain,u2\n"multi\nline",u3\n"",u4';
    expect(parse(text, size)).toEqual([
      { fields: ['externalId', 'uuid'], line: 1 },
      { fields: ['a, "quoted"', 'u1'], line: 2 },
      { fields: ['plain', 'u2'], line: 4 },
      { fields: ['multi\nline', 'u3'], line: 5 },
      { fields: ['', 'u4'], line: 7 },
    ]);
  });

  it('keeps a quote inside an unquoted field and text after a closing quote', () => {
    expect(parse('a"b,"c"d\n')).toEqual([{ fields: ['a"b', 'cd'], line: 1 }]);
  });

  it('refuses a quoted field that never closes, naming its line', () => {
    expect(() => parse('externalId,uuid\n"open,u1\n')).toThrow(new CsvSyntaxError(2, 'a quoted field is never closed (missing ")'));
  });

  it('stays linear: twenty times the records cost about twenty times as long, not four hundred', () => {
    const csv = (records: number): string => Array.from({ length: records }, (_, index) => `user-${index},00000000-0000-4000-8000-000000000000`).join('\n');
    // Records are counted, not kept, so the garbage collector's share does not grow with the input.
    const count = (text: string): number => {
      const parser = new CsvRecordParser();
      let records = 0;
      for (let start = 0; start < text.length; start += 64 * 1024) records += parser.push(text.slice(start, start + 64 * 1024)).length;
      return records + parser.end().length;
    };
    // CPU time, not the wall clock (which counts whatever else a busy machine runs: a ratio of 216 at
    // load 19), the least of three runs; a ratio, so the machine's speed does not count either.
    const fastest = (records: number): number => {
      const text = csv(records);
      return Math.min(
        ...[1, 2, 3].map(() => {
          const started = process.cpuUsage();
          expect(count(text)).toBe(records);
          const spent = process.cpuUsage(started);
          return (spent.user + spent.system) / 1000;
        }),
      );
    };
    fastest(10_000);
    expect(fastest(200_000) / fastest(10_000)).toBeLessThan(100);
  });
});

describe('readCsvMappings', () => {
  const source = (...chunks: string[]): Buffer[] => chunks.map((chunk) => Buffer.from(chunk));

  it('reads pairs in either column order, splitting multi-byte characters across chunks', async () => {
    const bytes = Buffer.from('uuid,externalId\nU-1,caf\u00e9\n');
    const split = bytes.indexOf(0xc3) + 1;
    await expect(readCsvMappings([bytes.subarray(0, split), bytes.subarray(split)], 1024)).resolves.toEqual([{ externalId: 'caf\u00e9', uuid: 'U-1' }]);
  });

  it('names rows with the wrong number of fields by row and line', async () => {
    await expect(readCsvMappings(source('externalId,uuid\na,u\nb\n'), 1024)).rejects.toMatchObject({
      details: { errors: [{ field: 'rows[1]', message: 'line 3: expected 2 fields (externalId,uuid), found 1' }] },
    });
  });

  it.each([
    ['no header line', 'a,00000000-0000-4000-8000-000000000000\n'],
    ['an empty body', ''],
  ])('explains the expected header on %s', async (_label, text) => {
    await expect(readCsvMappings(source(text), 1024)).rejects.toThrow(/starts with the header line externalId,uuid/);
  });

  it('stops reading past the byte limit with a payload-too-large error', async () => {
    await expect(readCsvMappings(source('externalId,uuid\n', 'x'.repeat(2000)), 1024)).rejects.toMatchObject({ code: 'payload_too_large' });
  });
});
