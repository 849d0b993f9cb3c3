import { pino, type DestinationStream, type Logger } from 'pino';
import { cappedDestination } from './capped-destination.js';
import { serializeError } from './error-serializer.js';

/**
 * The service's one pino logger. Request lines carry method, path, status and id only: headers
 * (Authorization, X-Service-Key) and bodies are never serialized, secret-looking fields are redacted
 * wherever they appear, errors are logged without the values their statement carried, and no line
 * exceeds MAX_LOG_LINE_LENGTH.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(1)): Logger {
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
