import type { LoggerService } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal';

/** Nest's application logs as structured JSON, through the same pino instance as the request log. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /**
   * Nest passes the context (the logger's name) last. Between the message and the context come
   * `error(message, stack)`'s stack, or the text of `error({ err, ... }, 'text')`: neither is dropped.
   * An Error becomes `err` (serialized without the values of a failed statement), objects become fields.
   */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const between = (context === undefined ? rest : rest.slice(0, -1)).find((item): item is string => typeof item === 'string');
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, between ?? message.message);
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ context, ...(message as object) }, between);
    } else if (between !== undefined && looksLikeStack(between)) {
      this.pino[level]({ context, stack: between }, String(message));
    } else {
      this.pino[level]({ context }, between === undefined ? String(message) : `${String(message)} ${between}`);
    }
  }
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
