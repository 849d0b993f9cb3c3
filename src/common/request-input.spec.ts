import { describe, expect, it } from '@jest/globals';
import { findInputProblem, INPUT_LIMITS } from './request-input.js';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
};

describe('findInputProblem', () => {
  it('passes clean JSON, whatever its types', () => {
    expect(findInputProblem({ slug: 'ok', settings: { claims: { plan: 'attributes.plan' }, ttl: 5, on: true, none: null }, list: ['a', 1] })).toBeUndefined();
    expect(findInputProblem(undefined)).toBeUndefined();
  });

  it('names the first control character in a value or a key by its path, C0, DEL and C1 alike', () => {
    expect(findInputProblem({ subject: { externalId: 'a\u0000b' } })).toEqual({ field: 'subject.externalId', message: 'must not contain control characters (such as NUL)' });
    expect(findInputProblem([{ externalId: 'ok' }, { externalId: 'x\u007f' }], 'rows')?.field).toBe('rows[1].externalId');
    expect(findInputProblem({ claims: { 'pl\u0085an': 'email' } })).toEqual({ field: 'claims.pl\u0085an', message: 'the key must not contain control characters (such as NUL)' });
    expect(findInputProblem({ a: 'fine', b: 'tab\there' })?.field).toBe('b');
    expect(findInputProblem({ name: 'Zoë 😀 ‮' })).toBeUndefined();
  });

  it('refuses nesting past the limit without recursing, however deep', () => {
    expect(findInputProblem(nested(INPUT_LIMITS.maxDepth - 1))).toBeUndefined();
    expect(findInputProblem(nested(INPUT_LIMITS.maxDepth + 1))).toEqual({ field: `a${'.a'.repeat(INPUT_LIMITS.maxDepth - 1)}`, message: 'nests deeper than 32 levels' });
    expect(findInputProblem(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))?.message).toBe('nests deeper than 32 levels');
  });

  it('refuses an object wider than the key limit, and a body with more values than allowed', () => {
    const wide = Object.fromEntries(Array.from({ length: 257 }, (_, index) => [`k${index}`, index]));
    expect(findInputProblem({ settings: wide })).toEqual({ field: 'settings', message: 'has 257 keys, more than the 256 allowed' });
    const many = { a: Array.from({ length: 300 }, () => 1) };
    expect(findInputProblem(many)).toEqual({ field: 'body', message: 'holds more than the 256 values allowed' });
    expect(findInputProblem(many, '', { ...INPUT_LIMITS, maxValues: Number.POSITIVE_INFINITY })).toBeUndefined();
  });

  it('does not look into what is not parsed JSON (a stream, a Buffer)', () => {
    expect(findInputProblem(Buffer.from('a\u0000b'))).toBeUndefined();
    expect(findInputProblem({ ...Object.create(null), a: 'x\u0000' })?.field).toBe('a');
  });
});
