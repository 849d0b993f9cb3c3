import { describe, expect, it } from '@jest/globals';
import type { SchemaObject } from '@nestjs/swagger';
import { runInNewContext } from 'node:vm';
import { VENDOR_DEFINITIONS, VENDOR_IDS, VENDOR_STRATEGY_CLASSES } from './vendor-catalog.js';
import { parseVendorSettings } from './vendor-settings.js';
import { UNIVERSALLY_RESERVED_CLAIMS } from './vendor-strategy.js';

/** The schema a `credentialIn` path leads to through `properties`, `items` and `oneOf` alternatives, if any. */
function schemaAt(schema: SchemaObject | undefined, path: readonly string[]): SchemaObject | undefined {
  if (schema === undefined || path.length === 0) return schema;
  if (schema.oneOf) return schema.oneOf.map((alternative) => schemaAt(alternative as SchemaObject, path)).find((found) => found !== undefined);
  const [key, ...rest] = path;
  return schemaAt((schema.type === 'array' ? schema.items : schema.properties?.[key]) as SchemaObject | undefined, rest);
}

/**
 * Runs `code` where every global it names is a stand-in that records being called: the functions it
 * called, by path (`Intercom`, `window.$chatwoot.reset`). Throws what the code throws (a SyntaxError).
 */
function callsMadeBy(code: string): string[] {
  const calls: string[] = [];
  const standIn = (path: string): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === 'string' ? standIn(`${path}.${key}`) : undefined),
      apply: () => {
        calls.push(path);
        return undefined;
      },
      deleteProperty: () => true,
    });
  const page = new Proxy({}, { has: (_target, key) => typeof key === 'string', get: (_target, key) => (typeof key === 'string' ? standIn(key) : undefined) });
  runInNewContext(code, page, { timeout: 1000 });
  return calls;
}

describe('the vendor catalog', () => {
  it('registers each vendor once, under a lower-case id', () => {
    expect(new Set(VENDOR_IDS).size).toBe(VENDOR_STRATEGY_CLASSES.length);
    for (const id of VENDOR_IDS) expect(id).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  describe.each(VENDOR_DEFINITIONS.map((definition) => [definition.id, definition] as const))('%s', (_id, definition) => {
    it('has example settings its own validation accepts', () => {
      expect(() => parseVendorSettings(definition, structuredClone({ ...definition.exampleSettings }))).not.toThrow();
    });

    it('reserves every universally reserved claim', () => {
      expect(definition.reservedClaims).toEqual(expect.arrayContaining([...UNIVERSALLY_RESERVED_CLAIMS]));
    });

    it('documents the hand-off property that carries its credential as a string', () => {
      expect(schemaAt(definition.handoffSchema, definition.credentialIn.path)).toMatchObject({ type: 'string' });
    });

    // Fails if the call is not JavaScript, calls nothing, or calls only what a browser has anyway
    // (console.log, alert): it must call into the vendor's widget.
    it("names a logout call: JavaScript that calls a function of the vendor's widget", () => {
      const calls = callsMadeBy(definition.logout.call);
      expect(calls).not.toEqual([]);
      for (const call of calls) expect({ call, builtIn: call.replace(/^window\./, '').split('.')[0] in globalThis }).toEqual({ call, builtIn: false });
    });
  });
});
