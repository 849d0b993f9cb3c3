import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * The service's one pino logger. Request lines carry method, path, status and id only: headers
 * (Authorization, X-Service-Key) and bodies are never serialized, and secret-looking fields are
 * redacted wherever they appear.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['secret', 'token', 'password', '*.secret', '*.token', '*.password', 'headers', '*.headers'],
        censor: '[redacted]',
      },
    },
    destination ?? bufferedStandardOutput(),
  );
}

/**
 * Standard output in batches of about 4 KB, written off the event loop, and at least once a second,
 * rather than one write per request line (which cost about a third of the line's total). Pino writes
 * what is left when the process exits; only a hard kill (SIGKILL, out of memory) can lose the last
 * second of lines.
 */
function bufferedStandardOutput(): DestinationStream {
  return pino.destination({ dest: 1, minLength: 4096, periodicFlush: 1000, sync: false });
}
