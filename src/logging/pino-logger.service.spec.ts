import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { MAX_LOG_LINE_LENGTH } from './capped-destination.js';
import { createLogger } from './create-logger.js';
import { PinoLoggerService } from './pino-logger.service.js';

function capture(): { service: PinoLoggerService; lines: string[]; parsed: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const service = new PinoLoggerService(createLogger('info', { write: (line: string) => void lines.push(line) }));
  return { service, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('PinoLoggerService', () => {
  it('keeps the text of error({ err }, text) with the error, as Nest passes it (context last)', () => {
    const { service, parsed } = capture();
    service.error({ err: new Error('boom'), requestId: 'req-1' }, 'Unhandled error', 'ProblemDetails');
    expect(parsed()).toEqual([
      expect.objectContaining({ level: 50, context: 'ProblemDetails', requestId: 'req-1', msg: 'Unhandled error', err: expect.objectContaining({ type: 'Error', message: 'boom' }) }),
    ]);
  });

  it('keeps the message and the stack of error(message, stack), and an Error given alone', () => {
    const { service, parsed } = capture();
    const failure = new Error('the listener failed');
    service.error('Shutdown failed', failure.stack, 'Main');
    service.error(failure, 'ExceptionHandler');
    service.error('no stack', undefined, 'Main');
    expect(parsed()).toEqual([
      expect.objectContaining({ context: 'Main', msg: 'Shutdown failed', stack: failure.stack }),
      expect.objectContaining({ context: 'ExceptionHandler', msg: 'the listener failed', err: expect.objectContaining({ message: 'the listener failed' }) }),
      expect.objectContaining({ context: 'Main', msg: 'no stack' }),
    ]);
  });

  it('works through a Nest Logger with a context', () => {
    const { service, parsed } = capture();
    Logger.overrideLogger(service);
    try {
      new Logger('Feed').warn('lost');
      new Logger('Feed').error({ err: new Error('gone') }, 'listener gone');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(parsed().map(({ context, msg }) => ({ context, msg }))).toEqual([
      { context: 'Feed', msg: 'lost' },
      { context: 'Feed', msg: 'listener gone' },
    ]);
  });

  it('logs a failed statement without the values it carried: counts and row numbers only, never the ids', () => {
    const { service, lines, parsed } = capture();
    const externalIds = Array.from({ length: 9999 }, (_, index) => `customer-${index}@example.com`);
    const driverError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      detail: 'Key (external_id)=(customer-1@example.com) already exists.',
    });
    const failed = new QueryFailedError('INSERT INTO end_user (external_id, id) SELECT * FROM unnest($1::varchar[], $2::uuid[])', [externalIds, []], driverError);
    service.error({ err: failed, requestId: 'req-2' }, 'Unhandled error', 'ProblemDetails');
    expect(lines.join('')).not.toContain('customer-');
    expect(parsed()[0]).toMatchObject({
      msg: 'Unhandled error',
      err: { type: 'QueryFailedError', message: 'invalid byte sequence for encoding "UTF8": 0x00', code: '22021', query: expect.stringContaining('INSERT INTO end_user') },
    });
  });

  it('cuts a line over the cap to its identifying fields and the start of its message', () => {
    const { service, lines, parsed } = capture();
    service.warn(`${'x'.repeat(2000)}${'y'.repeat(MAX_LOG_LINE_LENGTH)}`, 'Huge');
    expect(lines[0].length).toBeLessThan(MAX_LOG_LINE_LENGTH);
    expect(parsed()[0]).toMatchObject({ level: 40, context: 'Huge', msg: 'x'.repeat(1024), truncated: expect.stringContaining('cut') });
  });
});
