import { ChatIdentityError, ChatIdentityErrorCode } from './chat-identity.error.js';

/** How long a client is told to wait before retrying while the database is out of reach. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception) is matched by prefix;
 * 57014 is a statement cancelled by `statement_timeout`, 57P01-57P03 a server shutting down, restarting
 * or starting up, 53300 a full connection table.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);

/** node-postgres and pg-pool signal timeouts and lost connections with plain Errors; TypeORM before it connected. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^Driver not Connected$/,
  /because connection is not yet established\.$/,
];

/** A read that did not answer within the time a request may wait for it (the query itself may still run). */
export class DatabaseTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer from the database within ${timeoutMs} ms`);
    this.name = 'DatabaseTimeoutError';
  }
}

/**
 * Whether an error means "the database is out of reach right now" rather than "this request is wrong":
 * a refused, cut or timed-out connection, a statement timeout, a server restarting, a data source not
 * connected yet. TypeORM wraps driver errors (QueryFailedError.driverError), pg-pool chains them (`cause`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  if (current instanceof DatabaseTimeoutError) return true;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
      return true;
    }
    const { message } = current;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = (current as { driverError?: unknown }).driverError ?? current.cause;
  }
  return false;
}

export const databaseUnavailable = (): ChatIdentityError =>
  new ChatIdentityError(ChatIdentityErrorCode.DatabaseUnavailable, 'The database is unavailable; retry shortly.', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
