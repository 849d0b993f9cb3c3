import type { FieldProblem } from './chat-identity.error.js';

/** How far a request's JSON may nest and how wide one object may be: checked before any validation runs. */
export interface InputLimits {
  /** Containers (objects and arrays) inside one another, the body itself counting as 1. */
  maxDepth: number;
  /** Keys of any one object. */
  maxKeysPerObject: number;
  /** Values in the whole input (every key's value and every array element, at any depth). */
  maxValues: number;
}

/**
 * Far above anything the API takes (settings, claim mappings and subject attributes are a few dozen keys,
 * three levels deep), and low enough that validation stays in the low milliseconds. class-transformer
 * de-duplicates each object's keys with `indexOf`, O(keys²) per object (one object of 100k keys cost
 * 11-13 s), and costs microseconds per value even then; deep nesting overflows its recursion (a 500).
 * A bulk handler that checks its rows itself in linear time (the users import) is exempt from `maxValues`.
 */
export const INPUT_LIMITS: InputLimits = { maxDepth: 32, maxKeysPerObject: 256, maxValues: 256 };

/** What a bulk body (the users import's rows) is held to: only nesting and the width of one object. */
export const BULK_INPUT_LIMITS: InputLimits = { ...INPUT_LIMITS, maxValues: Number.POSITIVE_INFINITY };

// C0 and C1 control characters and DEL: NUL makes PostgreSQL refuse the text (a 500), the others have no
// business in an id, a slug, a claim or a setting, and would reach logs and vendors' widgets verbatim.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** For input that never was JSON (a CSV import's fields): the same characters findInputProblem refuses. */
export const hasControlCharacter = (text: string): boolean => CONTROL_CHARACTER.test(text);

interface Pending {
  value: unknown;
  depth: number;
  parent?: Pending;
  key?: string | number;
}

/**
 * The first control character, over-deep nesting or over-wide object in parsed JSON (or path / query
 * parameters), named by its path (`settings.claims.plan`, `rows[3].externalId`) under `root`; undefined
 * when the input is clean. Iterative and linear, so neither a deep nor a wide input can stall or overflow it.
 */
export function findInputProblem(input: unknown, root = '', limits: InputLimits = INPUT_LIMITS): FieldProblem | undefined {
  const stack: Pending[] = [{ value: input, depth: 0 }];
  let values = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (values > limits.maxValues) return { field: root || 'body', message: `holds more than the ${limits.maxValues} values allowed` };
    const { value } = item;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) return { field: pathOf(item, root), message: 'must not contain control characters (such as NUL)' };
      continue;
    }
    if (!isJsonContainer(value)) continue;
    const depth = item.depth + 1;
    if (depth > limits.maxDepth) return { field: pathOf(item, root), message: `nests deeper than ${limits.maxDepth} levels` };
    if (Array.isArray(value)) {
      values += value.length;
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], depth, parent: item, key: index });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxKeysPerObject) {
      return { field: pathOf(item, root), message: `has ${keys.length} keys, more than the ${limits.maxKeysPerObject} allowed` };
    }
    values += keys.length;
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index];
      if (CONTROL_CHARACTER.test(key)) return { field: pathOf({ value: key, depth, parent: item, key }, root), message: 'the key must not contain control characters (such as NUL)' };
      stack.push({ value: (value as Record<string, unknown>)[key], depth, parent: item, key });
    }
  }
  return undefined;
}

/** Parsed JSON and parsed parameters only: a stream, Buffer or other class instance is not looked into. */
export function isJsonContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Built only for the one problem reported, so a clean 16 MB import allocates no path strings. */
function pathOf(item: Pending, root: string): string {
  const parts: string[] = [];
  for (let at: Pending | undefined = item; at?.key !== undefined; at = at.parent) {
    parts.push(typeof at.key === 'number' ? `[${at.key}]` : `.${at.key}`);
  }
  const path = root + parts.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path || 'body';
}
