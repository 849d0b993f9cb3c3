import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';

export interface Operation {
  operationId?: string;
  description?: string;
  'x-required-role'?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, ResponseObject>;
}
export interface ResponseObject {
  headers?: Record<string, unknown>;
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
export type Document = Omit<OpenAPIObject, 'paths'> & { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export const operationsOf = (document: Document): Array<{ path: string; method: string; operation: Operation }> =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

export const operationById = (document: Document, operationId: string): Operation => {
  const found = operationsOf(document).find(({ operation }) => operation.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found.operation;
};

/** OpenAPI 3.0's `nullable` in JSON Schema terms (Ajv reads `nullable` only beside `type`, not beside `allOf` or `$ref`). */
function jsonSchemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchemaOf);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, jsonSchemaOf(value)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

// ajv-formats is CommonJS; its function is the default export (or that export's own default).
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** A JSON Schema validator (Ajv, with ajv-formats) for schemas of `document`, their `$ref`s resolved in it. */
export function schemaValidator(document: Document): (schema: Record<string, unknown>) => ValidateFunction {
  // Not strict: OpenAPI's own keywords (example, discriminator) are no JSON Schema keywords.
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  return (schema) => ajv.compile(jsonSchemaOf({ ...schema, components: document.components }) as object);
}

/** The body of every `curl ... /v1/admin/integrations -d '...'` of README.md (its create commands). */
export function readmeCreateBodies(): Array<Record<string, unknown>> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const commands = readme.matchAll(/curl [^\n]*\/v1\/admin\/integrations[ \t][^\n]*(?:\\\n[^\n]*)*?-d '([^']*)'/g);
  return [...commands].map((command) => JSON.parse(command[1]) as Record<string, unknown>);
}
