import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { VENDOR_DEFINITIONS } from '../src/vendors/vendor-catalog.js';
import { CredentialKind } from '../src/vendors/vendor-definition.js';
import { ADMIN_KEY, startTestApp } from './support/app.js';
import { type Document, operationById, operationsOf, readmeCreateBodies, schemaValidator } from './support/openapi-document.js';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('..', import.meta.url));
/** The tools run offline: no telemetry, no update check. */
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' };

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; location: Array<{ pointer: string }> }>;
}

describe('The OpenAPI document, as standard tools read it', () => {
  let app: NestFastifyApplication;
  let baseUrl = '';
  let document: Document;
  let workspace: string;
  let documentPath: string;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as Document;
    workspace = mkdtempSync(join(tmpdir(), 'chat-identity-openapi-'));
    documentPath = join(workspace, 'openapi.json');
    writeFileSync(documentPath, JSON.stringify(document));
  });

  afterAll(async () => {
    await app?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it("passes Redocly's recommended rules: no error, and only the health checks' warning (they answer no 4xx)", async () => {
    const linted = await run(process.execPath, [join(repository, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--extends', 'recommended', '--format', 'json', documentPath], {
      env: OFFLINE,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout: string }) => error);
    const report = JSON.parse(linted.stdout) as LintReport;
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.problems.map((problem) => `${problem.ruleId} ${problem.location[0].pointer}`).sort()).toEqual([
      'operation-4xx-response #/paths/~1health/get/responses',
      'operation-4xx-response #/paths/~1health~1ready/get/responses',
    ]);
  }, 60_000);

  it('is a valid OpenAPI 3.0 document for swagger-parser', async () => {
    const validated = await run(process.execPath, ['--input-type=module', '-e', SWAGGER_PARSER_CHECK, documentPath]).catch((error: { stdout: string; stderr: string }) => error);
    expect(validated.stdout.trim()).toBe('valid');
  }, 60_000);

  it('declares every path parameter of every operation', () => {
    for (const { path, method, operation } of operationsOf(document)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path' && parameter.required).map((parameter) => parameter.name).sort();
      expect({ operation: `${method} ${path}`, declared }).toEqual({ operation: `${method} ${path}`, declared: inPath });
    }
    const version = operationById(document, 'activateSecret').parameters!.find((parameter) => parameter.name === 'version');
    expect(version?.schema).toEqual({ type: 'integer', minimum: 1 });
  });

  it('uses no keyword of OpenAPI 3.1 (it says 3.0) and names a server', () => {
    expect(document.openapi).toMatch(/^3\.0\./);
    const keywords = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          keywords.add(key);
          walk(child);
        }
      }
    };
    walk(document.components?.schemas);
    walk(document.paths);
    for (const only31 of ['prefixItems', 'const', '$defs', 'unevaluatedProperties', 'dependentRequired', 'contentMediaType']) expect(keywords).not.toContain(only31);
    expect(document.servers).toEqual([{ url: '/' }]);
  });

  it("types subject attributes as any JSON values, and no request field with a server default as required", () => {
    const schemas = document.components!.schemas! as Record<string, { properties?: Record<string, Record<string, unknown>>; required?: string[] }>;
    expect(schemas.SubjectDto.properties!.attributes).toMatchObject({ type: 'object', additionalProperties: {} });
    // A `default` makes generators (openapi-typescript) require the field: the request schemas state defaults in words.
    const requestSchemas = Object.keys(schemas).filter((name) => /^Create\w+Integration$|Settings$|Dto$/.test(name));
    expect(requestSchemas.length).toBeGreaterThan(VENDOR_DEFINITIONS.length * 2);
    for (const name of requestSchemas) {
      const withDefault = Object.entries(schemas[name].properties ?? {}).filter(([, property]) => 'default' in property);
      expect({ name, withDefault }).toEqual({ name, withDefault: [] });
    }
  });

  describe('the create body, per vendor, as a JSON Schema validator (Ajv) reads it', () => {
    let validateCreate: ReturnType<ReturnType<typeof schemaValidator>>;
    beforeAll(() => {
      validateCreate = schemaValidator(document)(operationById(document, 'createIntegration').requestBody!.content['application/json'].schema);
    });

    it("accepts every create body of the README (and there is one for every vendor)", () => {
      const bodies = readmeCreateBodies();
      expect(new Set(bodies.map((body) => body.vendor))).toEqual(new Set(VENDOR_DEFINITIONS.map((vendor) => vendor.id)));
      for (const body of bodies) expect({ vendor: body.vendor, errors: validateCreate(body) ? [] : validateCreate.errors }).toEqual({ vendor: body.vendor, errors: [] });
    });

    it.each(VENDOR_DEFINITIONS.map((vendor) => [vendor.id, vendor] as const))(
      'is as closed as the service for %s: its example settings pass, an unknown settings key or body field is refused by both',
      async (_id, vendor) => {
        // Salesforce takes no secret (its key pairs are generated); Zendesk's secrets carry their key id.
        const secret = vendor.credential === CredentialKind.Rs256Jwt ? {} : { secret: 'an-openapi-tools-secret-0123', ...(vendor.requiresKeyId ? { keyId: 'app_tools' } : {}) };
        const body = { slug: `tools-${vendor.id}-${randomUUID().slice(0, 8)}`, vendor: vendor.id, settings: vendor.exampleSettings, ...secret };
        expect({ errors: validateCreate(body) ? [] : validateCreate.errors }).toEqual({ errors: [] });
        const create = (sent: unknown): Promise<Response> =>
          fetch(`${baseUrl}/v1/admin/integrations`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify(sent),
          });
        for (const refused of [{ ...body, settings: { ...vendor.exampleSettings, unexpected: true } }, { ...body, unexpected: true }]) {
          expect(validateCreate(refused)).toBe(false);
          const answer = await create(refused);
          const problem = (await answer.json()) as { errors?: Array<{ field: string }> };
          expect({ status: answer.status, fields: problem.errors?.map((error) => error.field) }).toEqual({
            status: 400,
            fields: [refused.settings === body.settings ? 'unexpected' : 'settings.unexpected'],
          });
        }
        // Another vendor's settings are refused by the schema too: `vendor` chooses the settings schema.
        const other = VENDOR_DEFINITIONS.find((candidate) => Object.keys(candidate.exampleSettings).some((key) => !(key in vendor.exampleSettings)))!;
        expect(validateCreate({ ...body, settings: other.exampleSettings })).toBe(false);
        expect((await create(body)).status).toBe(201);
      },
    );
  });
});

/** swagger-parser's validation (schema and semantics), in a process of its own: it is CommonJS and loads lazily. */
const SWAGGER_PARSER_CHECK = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(repository, 'package.json'))});
const SwaggerParser = require('@apidevtools/swagger-parser');
try {
  await SwaggerParser.validate(process.argv[1]);
  console.log('valid');
} catch (error) {
  console.log(error.message);
}
`;
