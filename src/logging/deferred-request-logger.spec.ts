import { describe, expect, it, jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { createLogger } from './create-logger.js';
import { DeferredRequestLogger } from './deferred-request-logger.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', destination), lines };
}

describe('DeferredRequestLogger', () => {
  it('makes no pino child while nothing logs through it', () => {
    const { logger } = capturingLogger();
    const child = jest.spyOn(logger, 'child');
    new DeferredRequestLogger(logger, { requestId: 'req-1' }, {});
    expect(child).not.toHaveBeenCalled();
  });

  it('logs with the request id, through one child made on first use, with the parent’s redaction', async () => {
    const { logger, lines } = capturingLogger();
    const child = jest.spyOn(logger, 'child');
    const requestLogger = new DeferredRequestLogger(logger, { requestId: 'req-2' }, {});
    requestLogger.error({ secret: 'do-not-print' }, 'first');
    requestLogger.warn('second');
    requestLogger.debug('below the level');
    await new Promise((resolve) => setImmediate(resolve));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, requestId: 'req-2', msg: 'first', secret: '[redacted]' }),
      expect.objectContaining({ level: 40, requestId: 'req-2', msg: 'second' }),
    ]);
  });

  it('reads and sets the level of its child', () => {
    const { logger } = capturingLogger();
    const requestLogger = new DeferredRequestLogger(logger, { requestId: 'req-3' }, {});
    expect(requestLogger.level).toBe('info');
    requestLogger.level = 'debug';
    expect(requestLogger.level).toBe('debug');
    expect(logger.level).toBe('info');
  });
});
