import type { DestinationStream } from 'pino';

/** Longer lines are cut down (a 16 MB body echoed in an error must not become a 16 MB log line). */
export const MAX_LOG_LINE_LENGTH = 16 * 1024;
const KEPT_MESSAGE_LENGTH = 1024;
/** What identifies a line and says what happened: kept when the rest is dropped. */
const KEPT_FIELDS = ['level', 'time', 'pid', 'hostname', 'context', 'requestId', 'method', 'path', 'status'];

/** Writes each line to `destination`, a line over `maxLength` characters as a short one saying so. */
export function cappedDestination(destination: DestinationStream, maxLength = MAX_LOG_LINE_LENGTH): DestinationStream {
  return { write: (line: string) => destination.write(line.length <= maxLength ? line : shortened(line)) };
}

function shortened(line: string): string {
  let fields: Record<string, unknown> = {};
  try {
    fields = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not one JSON object: only the note below survives.
  }
  const kept = Object.fromEntries(KEPT_FIELDS.filter((field) => field in fields).map((field) => [field, fields[field]]));
  const message = typeof fields.msg === 'string' ? fields.msg.slice(0, KEPT_MESSAGE_LENGTH) : '';
  return `${JSON.stringify({ ...kept, msg: message, truncated: `line of ${line.length} characters cut to its first fields` })}\n`;
}
