import { describe, expect, it } from '@jest/globals';
import { CannotExecuteNotConnectedError, QueryFailedError, TypeORMError } from 'typeorm';
import { ChatIdentityErrorCode } from './chat-identity.error.js';
import { DatabaseTimeoutError, databaseUnavailable, isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error): QueryFailedError => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each<[string, unknown]>([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg-pool waiting for a client too long', new Error('timeout exceeded when trying to connect')],
    ['a connect timeout, with its cause', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
    ['a hung server (client-side query timeout)', wrapped(new Error('Query read timeout'))],
    ['statement_timeout', wrapped(withCode('canceling statement due to statement timeout', '57014'))],
    ['a server shutting down', wrapped(withCode('terminating connection due to administrator command', '57P01'))],
    ['a server starting up', withCode('the database system is starting up', '57P03')],
    ['a connection exception (class 08)', withCode('connection failure', '08006')],
    ['a full connection table', withCode('sorry, too many clients already', '53300')],
    ['a DataSource not connected yet', new TypeORMError('Driver not Connected')],
    ['a read past the time a request may wait', new DatabaseTimeoutError(2000)],
    ['an operation on a DataSource not connected yet', new CannotExecuteNotConnectedError()],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation', wrapped(withCode('duplicate key value violates unique constraint', '23505'))],
    ['bad input', wrapped(withCode('invalid input syntax for type uuid', '22P02'))],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something that is not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('becomes one domain error that says when to retry', () => {
    expect(databaseUnavailable()).toMatchObject({ code: ChatIdentityErrorCode.DatabaseUnavailable, details: { retryAfterSeconds: expect.any(Number) } });
  });
});
