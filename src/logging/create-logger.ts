import { pino, type DestinationStream, type Logger } from 'pino';
import { cappedDestination } from './capped-destination.js';
import { serializeError } from './error-serializer.js';

/**
 * The service's one pino logger. Request lines carry method, path, status and id only: headers
 * (Authorization, X-Service-Key) and bodies are never serialized, secret-looking fields are redacted
 * wherever they appear, errors are logged without the values their statement carried, and no line
 * exceeds MAX_LOG_LINE_LENGTH.
 */
export function createLogger(level: string, destination: DestinationStream = standardOutput()): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['secret', 'token', 'password', '*.secret', '*.token', '*.password', 'headers', '*.headers'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
    },
    cappedDestination(destination),
  );
}

/**
 * Standard output, written asynchronously: a line goes out at once when none is being written, and
 * the lines that come meanwhile go out together in the next write. Under load that is one write for
 * many request lines, not a blocking write per request. Pino flushes what is left when the process
 * exits, an exit on a fatal error included.
 */
const standardOutput = (): DestinationStream => pino.destination({ dest: 1, sync: false });
