import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { validationFailed } from './chat-identity.error.js';

/** Up to 16 digits: every such number is exact in a double. Beyond a column's range is the service's 404. */
const PLAIN_POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

/**
 * A path parameter that must be a plain positive integer (`3`, not `03`, `+3`, `3.0`, `3e0` or ` 3`), or a
 * 400 naming it. A decorator rather than a pipe: the module's ValidationPipe would first turn a `number`
 * parameter's text into a number (`Number('03')` is 3), and ParseIntPipe takes `-1` and `03` too.
 */
export const PositiveIntParam = createParamDecorator((name: string, context: ExecutionContext): number => {
  const value = context.switchToHttp().getRequest<{ params: Record<string, unknown> }>().params[name];
  if (typeof value === 'string' && PLAIN_POSITIVE_INTEGER.test(value)) return Number(value);
  const message = 'must be a positive integer written in plain digits (no sign, leading zero, point or exponent)';
  throw validationFailed(`The parameter ${name} ${message}.`, [{ field: name, message }]);
});
