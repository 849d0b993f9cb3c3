/** One CSV record and the line it starts on (1-based), for messages. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

const UNQUOTED_STOP = /[,\n\r"]/g;

/**
 * Incremental RFC 4180 reader: feed it text in chunks of any size, get whole records back. Linear in
 * the input (each character is looked at once), so a 16 MB import costs no more than reading it.
 * Quoted fields may hold commas, line breaks and doubled quotes; CRLF and LF both end a record;
 * blank lines are skipped; a quote inside an unquoted field is kept as is.
 */
export class CsvRecordParser {
  private state: 'unquoted' | 'quoted' | 'quote-seen' = 'unquoted';
  private field = '';
  private fieldWasQuoted = false;
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private started = false;

  /** The records completed by this chunk. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let index = 0;
    while (index < text.length) {
      if (this.state === 'quoted') {
        const quote = text.indexOf('"', index);
        const end = quote === -1 ? text.length : quote;
        this.appendQuoted(text, index, end);
        if (quote === -1) break;
        this.state = 'quote-seen';
        index = quote + 1;
        continue;
      }
      if (this.state === 'quote-seen') {
        if (text[index] === '"') {
          this.field += '"';
          this.state = 'quoted';
          index++;
          continue;
        }
        this.state = 'unquoted';
      }
      UNQUOTED_STOP.lastIndex = index;
      const stop = UNQUOTED_STOP.exec(text);
      const end = stop ? stop.index : text.length;
      this.field += text.slice(index, end);
      if (!stop) break;
      index = end + 1;
      switch (stop[0]) {
        case ',':
          this.endField();
          break;
        case '\n':
          this.endRecord(records);
          this.line++;
          this.recordLine = this.line;
          break;
        case '"':
          if (this.field === '' && !this.fieldWasQuoted) {
            this.state = 'quoted';
            this.fieldWasQuoted = true;
          } else {
            this.field += '"';
          }
          break;
        // '\r' is dropped outside quotes: CRLF ends a record like LF does.
      }
    }
    return records;
  }

  /** The last record when the input does not end with a line break; throws on an unterminated quote. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') throw new CsvSyntaxError(this.recordLine, 'a quoted field is never closed (missing ")');
    const records: CsvRecord[] = [];
    this.endRecord(records);
    return records;
  }

  private appendQuoted(text: string, start: number, end: number): void {
    this.field += text.slice(start, end);
    for (let newline = text.indexOf('\n', start); newline !== -1 && newline < end; newline = text.indexOf('\n', newline + 1)) {
      this.line++;
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.fieldWasQuoted = false;
  }

  private endRecord(records: CsvRecord[]): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.fieldWasQuoted;
    this.endField();
    if (!blank) records.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
  }
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}
