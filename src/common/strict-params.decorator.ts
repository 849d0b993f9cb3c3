import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { validationFailed } from './chat-identity.error.js';

// Decorators rather than pipes: the module's ValidationPipe would first turn a `number` or `boolean`
// parameter's text into a value (`Number('03')` is 3, `Boolean('no')` is true), and ParseIntPipe takes
// `-1` and `03` too.

/** Up to 16 digits: every such number is exact in a double. Beyond a column's range is the service's 404. */
const PLAIN_POSITIVE_INTEGER = /^[1-9][0-9]{0,15}$/;

interface RequestParts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

const refuse = (name: string, message: string): never => {
  throw validationFailed(`The parameter ${name} ${message}.`, [{ field: name, message }]);
};

const positiveIntParam = createParamDecorator((name: string, context: ExecutionContext): number => {
  const value = context.switchToHttp().getRequest<RequestParts>().params[name];
  if (typeof value === 'string' && PLAIN_POSITIVE_INTEGER.test(value)) return Number(value);
  return refuse(name, 'must be a positive integer written in plain digits (no sign, leading zero, point or exponent)');
});

/**
 * A path parameter that must be a plain positive integer (`3`, not `03`, `+3`, `3.0`, `3e0` or ` 3`), or a 400 naming it.
 * It declares itself in the OpenAPI document too (a custom parameter is invisible to it otherwise).
 */
export const PositiveIntParam =
  (name: string): ParameterDecorator =>
  (target, method, index) => {
    positiveIntParam(name)(target, method, index);
    if (method === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, method);
    if (descriptor) ApiParam({ name, schema: { type: 'integer', minimum: 1 }, description: 'Plain digits: no sign, leading zero, point or exponent.' })(target, method, descriptor);
  };

/** A query flag: absent or `false` is false, `true` is true; anything else (`yes`, `1`, given twice) is a 400 naming it. */
export const BooleanQuery = createParamDecorator((name: string, context: ExecutionContext): boolean => {
  const value = context.switchToHttp().getRequest<RequestParts>().query[name];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return refuse(name, 'must be true or false');
});
