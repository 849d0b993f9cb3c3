/**
 * Not copied as they are: what carries the data a statement worked on (TypeORM's `parameters` and
 * `driverError`, Postgres' `detail` and `where`: row values), and what is written below by itself.
 */
const NOT_COPIED = new Set(['parameters', 'detail', 'where', 'driverError', 'stack', 'message', 'name', 'cause']);
const MAX_CAUSE_DEPTH = 3;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
  [property: string]: unknown;
}

/**
 * pino's `err` serializer: type, message, stack, cause, and the error's own scalar properties (`code`,
 * `query`, ...), never the values a failed statement carried: an import that fails must not write its
 * 10,000 external ids into the log (what is logged is counts and row numbers, which the message holds).
 */
export function serializeError(error: unknown, depth = 0): SerializedError | unknown {
  if (!(error instanceof Error)) return error;
  const own: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(error)) {
    if (NOT_COPIED.has(property)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) own[property] = value;
  }
  const cause = depth < MAX_CAUSE_DEPTH && error.cause instanceof Error ? serializeError(error.cause, depth + 1) : undefined;
  return {
    type: error.constructor?.name ?? error.name,
    message: error.message,
    ...own,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(cause ? { cause } : {}),
  };
}
