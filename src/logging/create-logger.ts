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
    destination,
  );
}

