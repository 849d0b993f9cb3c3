import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addChatIdentityOpenApi } from 'chat-identity';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { VENDOR_IDS } from '../src/vendors/vendor-catalog.js';
import { HostAppModule } from './host/host-app.module.js';
import { configureHostEnvironment } from './host/host-client.js';
import { type RunningHost, startHostApp } from './host/start-host-app.js';
import { ADMIN_KEY, SERVICE_KEY, startTestApp } from './support/app.js';
import { type Document, operationById, operationsOf, schemaValidator } from './support/openapi-document.js';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('..', import.meta.url));
const packageVersion = (JSON.parse(readFileSync(join(repository, 'package.json'), 'utf8')) as { version: string }).version;

/** Every `$ref` in the document, and whether it points at something the document defines. */
function danglingRefs(document: Document): string[] {
  const refs = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === '$ref' && typeof child === 'string') refs.add(child);
        else walk(child);
      }
    }
  };
  walk(document);
  const resolves = (ref: string): boolean =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document) !== undefined;
  return [...refs].filter((ref) => !resolves(ref));
}

/** The security scheme names the operations require that the document does not define. */
const undefinedSchemes = (document: Document): string[] =>
  [...new Set(operationsOf(document).flatMap(({ operation }) => (operation.security ?? []).flatMap((requirement) => Object.keys(requirement))))].filter(
    (name) => !document.components?.securitySchemes?.[name],
  );

/** The module's own operations (health checks answer terminus' body, not problems). */
const isModuleOperation = (path: string): boolean => !path.startsWith('/health');

describe('The OpenAPI document as a contract', () => {
  let app: NestFastifyApplication;
  let baseUrl = '';
  let document: Document;
  const slug = (name: string): string => `contract-${name}-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    const answer = await fetch(`${baseUrl}/docs-json`);
    const text = await answer.text();
    document = JSON.parse(text) as Document;
  });

  afterAll(() => app?.close());

  it("names the package's version and defines the three security schemes", () => {
    expect(document.info.version).toBe(packageVersion);
    expect(document.components?.securitySchemes).toEqual({
      'chat-identity-end-user': expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      'chat-identity-service-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Service-Key' }),
      'chat-identity-admin': expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      // The standalone's own, for GET /metrics.
      'metrics-token': expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(undefinedSchemes(document)).toEqual([]);
    expect(danglingRefs(document)).toEqual([]);
  });

  it('gives every operation a readable, unique operation id', () => {
    const ids = operationsOf(document).map(({ operation }) => operation.operationId ?? '');
    for (const id of ids) expect(id).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['issueIdentity', 'createIntegration', 'addSecret', 'rotateMasterKey', 'importUsers', 'inspectCredential']));
  });

  it('requires the end-user bearer or the service key on the token endpoint, the admin key on the admin API', () => {
    for (const { path, operation } of operationsOf(document)) {
      if (path.startsWith('/v1/identity/')) expect(operation.security).toEqual([{ 'chat-identity-end-user': [] }, { 'chat-identity-service-key': [] }]);
      if (path.startsWith('/v1/admin/')) expect(operation.security).toEqual([{ 'chat-identity-admin': [] }]);
    }
  });

  it('names the least admin role of every admin operation, as x-required-role and in its description', () => {
    const admin = operationsOf(document).filter(({ path }) => path.startsWith('/v1/admin/'));
    expect(admin.length).toBeGreaterThan(10);
    const roles = Object.fromEntries(admin.map(({ operation }) => [operation.operationId, operation['x-required-role']]));
    for (const { operation } of admin) {
      const role = operation['x-required-role'];
      expect(['viewer', 'operator', 'owner']).toContain(role);
      expect(operation.description).toContain(`Needs the ${String(role)} role`);
    }
    expect(roles).toMatchObject({ listIntegrations: 'viewer', createIntegration: 'operator', addSecret: 'operator', revokeSecret: 'operator', getUser: 'viewer', getUserById: 'viewer', eraseUser: 'owner', importUsers: 'owner', rotateMasterKey: 'owner', listAuditEvents: 'viewer', inspectCredential: 'viewer' });
    const revoke = admin.find(({ operation }) => operation.operationId === 'revokeSecret')!.operation;
    expect(revoke.description).toContain('the owner role with force=true');
  });

  it('marks the public operations (health, key sets, the browser library) as taking no credential', () => {
    const open = operationsOf(document).filter(({ operation }) => operation.security?.length === 0);
    expect(open.map(({ operation }) => operation.operationId).sort()).toEqual(['checkLiveness', 'checkReadiness', 'getBrowserSdk', 'getKeySet']);
    expect(operationsOf(document).filter(({ operation }) => operation.security === undefined)).toEqual([]);
  });

  it('describes every answer: a body schema for each success, problem+json for each error, and the headers', () => {
    for (const { path, method, operation } of operationsOf(document).filter(({ path }) => isModuleOperation(path))) {
      const where = `${method.toUpperCase()} ${path}`;
      const statuses = Object.keys(operation.responses);
      expect({ where, success: statuses.some((status) => status.startsWith('2')) }).toEqual({ where, success: true });
      for (const [status, response] of Object.entries(operation.responses)) {
        expect({ where, status, requestId: Boolean(response.headers?.['x-request-id']) }).toEqual({ where, status, requestId: true });
        if (status.startsWith('2') && status !== '204') {
          expect({ where, status, body: Object.values(response.content ?? {}).some((media) => media.schema !== undefined) }).toEqual({ where, status, body: true });
        }
        if (Number(status) >= 400) {
          expect({ where, status, content: response.content }).toEqual({
            where,
            status,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
          });
          expect({ where, status, retryAfter: Boolean(response.headers?.['Retry-After']) }).toEqual({ where, status, retryAfter: status === '429' || status === '503' });
        }
      }
    }
  });

  it('types the token answer per vendor: a oneOf discriminated by vendor, one handoff schema each, never cached', () => {
    const answer = document.paths['/v1/identity/{integration}'].post.responses['200'];
    expect(answer.headers).toHaveProperty('Cache-Control');
    const schema = answer.content?.['application/json']?.schema as { oneOf: Array<{ $ref: string }>; discriminator: { propertyName: string; mapping: Record<string, string> } };
    expect(schema.discriminator.propertyName).toBe('vendor');
    expect(Object.keys(schema.discriminator.mapping).sort()).toEqual([...VENDOR_IDS].sort());
    expect(schema.oneOf.map(({ $ref }) => $ref).sort()).toEqual(Object.values(schema.discriminator.mapping).sort());
    for (const [vendor, ref] of Object.entries(schema.discriminator.mapping)) {
      const variant = document.components!.schemas![ref.split('/').pop()!] as { required: string[]; properties: Record<string, { enum?: string[]; allOf?: unknown[] }> };
      expect(variant.properties.vendor.enum).toEqual([vendor]);
      expect(variant.required).toEqual(expect.arrayContaining(['integration', 'vendor', 'userId', 'expiresAt', 'handoff', 'logout']));
      expect(variant.properties.handoff.allOf).toHaveLength(1);
    }
  });

  it('states the secret rules on the create and add-secret bodies (what the service refuses with 400)', () => {
    const bodyOf = (operationId: string): { $ref?: string; oneOf?: Array<{ $ref: string }> } =>
      operationById(document, operationId).requestBody!.content['application/json'].schema;
    const createBodies = bodyOf('createIntegration').oneOf!.map(({ $ref }) => $ref);
    expect(createBodies).toHaveLength(VENDOR_IDS.length);
    for (const ref of [...createBodies, bodyOf('addSecret').$ref!]) {
      const name = ref.split('/').pop()!;
      const { properties } = document.components!.schemas![name] as { properties: Record<string, { minLength?: number; maxLength?: number; pattern?: string }> };
      expect({ name, minLength: properties.secret.minLength, maxLength: properties.secret.maxLength }).toEqual({ name, minLength: 16, maxLength: 4096 });
      const secretPattern = new RegExp(properties.secret.pattern!);
      expect(['a-vendor-secret-of-16+', ' leading-space-secret', 'trailing-space-secret '].map((secret) => secretPattern.test(secret))).toEqual([true, false, false]);
      expect(properties.keyId).toMatchObject({ minLength: 1, maxLength: 255 });
      expect(['app_64b1c2d3', 'app 64b1c2d3'].map((keyId) => new RegExp(properties.keyId.pattern!).test(keyId))).toEqual([true, false]);
    }
  });

  describe('every answer the service gives matches what the document says', () => {
    let validatorFor: ReturnType<typeof schemaValidator>;
    beforeAll(() => {
      validatorFor = schemaValidator(document);
    });
    const seen = new Set<string>();

    /** Sends one request and checks its answer against the operation's documented status, headers and body schema. */
    async function conforms(operationId: string, url: string, init: RequestInit = {}, expectedStatus?: number): Promise<unknown> {
      const found = operationsOf(document).find(({ operation }) => operation.operationId === operationId);
      if (!found) throw new Error(`no operation ${operationId}`);
      const response = await fetch(`${baseUrl}${url}`, init);
      const text = await response.text();
      const where = `${operationId} ${response.status}: ${text.slice(0, 300)}`;
      if (expectedStatus !== undefined) expect({ where, status: response.status }).toEqual({ where, status: expectedStatus });
      const documented = found.operation.responses[String(response.status)];
      expect({ where, documented: documented !== undefined }).toEqual({ where, documented: true });
      for (const header of Object.keys(documented.headers ?? {})) {
        expect({ where, header, present: response.headers.has(header) }).toEqual({ where, header, present: true });
      }
      seen.add(`${operationId} ${response.status}`);
      if (!documented.content) return undefined;
      const mediaType = (response.headers.get('content-type') ?? '').split(';')[0];
      const schema = documented.content[mediaType]?.schema;
      expect({ where, mediaType, documented: schema !== undefined }).toEqual({ where, mediaType, documented: true });
      if (!mediaType.includes('json')) return text;
      const body: unknown = JSON.parse(text);
      const validate = validatorFor(schema ?? {});
      expect({ where, errors: validate(body) ? [] : validate.errors }).toEqual({ where, errors: [] });
      return body;
    }

    const admin = (body?: unknown, method = body === undefined ? 'GET' : 'POST'): RequestInit => ({
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const asService = (subject: Record<string, unknown>): RequestInit => ({
      method: 'POST',
      headers: { 'x-service-key': SERVICE_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ subject }),
    });

    it('for the token endpoint and the admin API, successes and failures alike', async () => {
      const slugs = { glassix: slug('glassix'), gladly: slug('gladly'), decimal: slug('decimal'), tiledesk: slug('tiledesk') };
      const created: Array<[keyof typeof slugs, Record<string, unknown>, string | undefined]> = [
        ['glassix', { apiKey: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', snippetId: 'snippet-1' }, 'contract-glassix-secret-0001'],
        ['gladly', { mode: 'standard' }, undefined],
        ['decimal', {}, 'contract-decimal-secret-0001'],
        ['tiledesk', { projectId: 'project-1' }, 'contract-tiledesk-secret-01'],
      ];
      for (const [vendor, settings, secret] of created) {
        await conforms('createIntegration', '/v1/admin/integrations', admin({ slug: slugs[vendor], vendor, settings, secret }), 201);
      }
      await conforms('createIntegration', '/v1/admin/integrations', admin({ slug: slugs.decimal, vendor: 'decimal', settings: {}, secret: 'contract-decimal-secret-0001' }), 409);
      await conforms('createIntegration', '/v1/admin/integrations', admin({ slug: slug('bad'), vendor: 'no-such-vendor', settings: {} }), 400);
      await conforms('createIntegration', '/v1/admin/integrations', { method: 'POST' }, 401);

      const externalId = `contract-user-${randomUUID()}`;
      const subject = { externalId, email: 'ada@example.com', name: 'Ada Lovelace' };
      for (const vendor of Object.keys(slugs) as Array<keyof typeof slugs>) {
        const answer = (await conforms('issueIdentity', `/v1/identity/${slugs[vendor]}`, asService(subject), 200)) as { vendor: string };
        expect(answer.vendor).toBe(vendor);
      }
      await conforms('issueIdentity', `/v1/identity/${slugs.decimal}`, { method: 'POST' }, 401);
      await conforms('issueIdentity', `/v1/identity/${slug('missing')}`, asService(subject), 404);
      await conforms('issueIdentity', `/v1/identity/${slugs.decimal}`, asService({ externalId, email: 'not an email' }), 400);
      await conforms('issueIdentity', `/v1/identity/${slugs.decimal}`, asService({ externalId: `contract-no-email-${randomUUID()}` }), 422);

      await conforms('listIntegrations', '/v1/admin/integrations', admin(), 200);
      await conforms('getIntegration', `/v1/admin/integrations/${slugs.glassix}`, admin(), 200);
      await conforms('getIntegration', `/v1/admin/integrations/${slug('missing')}`, admin(), 404);
      await conforms('updateIntegration', `/v1/admin/integrations/${slugs.decimal}`, admin({ settings: { tokenTtlSeconds: 600 } }, 'PATCH'), 200);
      await conforms('updateIntegration', `/v1/admin/integrations/${slugs.decimal}`, admin({ settings: { tokenTtlSeconds: 5 } }, 'PATCH'), 400);

      const secrets = `/v1/admin/integrations/${slugs.decimal}/secrets`;
      await conforms('addSecret', secrets, admin({ secret: 'contract-decimal-secret-0002', activate: false }), 201);
      await conforms('addSecret', secrets, admin({ secret: 'short' }), 400);
      await conforms('listSecrets', secrets, admin(), 200);
      await conforms('listSecrets', `/v1/admin/integrations/${slug('missing')}/secrets`, admin(), 404);
      await conforms('activateSecret', `${secrets}/2/activate`, admin({}), 200);
      await conforms('activateSecret', `${secrets}/99/activate`, admin({}), 404);
      await conforms('activateSecret', `${secrets}/two/activate`, admin({}), 400);
      await conforms('revokeSecret', `${secrets}/1/revoke`, admin({}), 200);
      await conforms('revokeSecret', `${secrets}/98/revoke`, admin({}), 404);
      await conforms('rotateMasterKey', '/v1/admin/master-key/rotate', admin({}), 200);
      await conforms('getMasterKeyStatus', '/v1/admin/master-key/status', admin(), 200);
      await conforms('listAuditEvents', '/v1/admin/audit?limit=5', admin(), 200);
      await conforms('listAuditEvents', '/v1/admin/audit?limit=0', admin(), 400);
      await conforms('getSignedInAdmin', '/v1/admin/me', admin(), 200);
      await conforms('getSignedInAdmin', '/v1/admin/me', {}, 401);
      const usage = (await conforms('getTokenUsage', '/v1/admin/token-usage', admin(), 200)) as Array<{ integration: string; tokensIssued: number }>;
      expect(usage.find((entry) => entry.integration === slugs.glassix)?.tokensIssued).toBe(1);
      await conforms('getTokenUsage', '/v1/admin/token-usage', {}, 401);

      const token = (await (await fetch(`${baseUrl}/v1/identity/${slugs.decimal}`, asService(subject))).json()) as { handoff: { boot: { user_token: string } } };
      await conforms('inspectCredential', `/v1/admin/integrations/${slugs.decimal}/inspect`, admin({ token: token.handoff.boot.user_token }), 200);
      await conforms('inspectCredential', `/v1/admin/integrations/${slugs.decimal}/inspect`, admin({ token: 'not-a-jwt' }), 422);
      await conforms('inspectCredential', `/v1/admin/integrations/${slug('missing')}/inspect`, admin({ token: 'x.y.z' }), 404);

      const { userId } = (await conforms('getUser', `/v1/admin/users/${encodeURIComponent(externalId)}`, admin(), 200)) as { userId: string };
      await conforms('getUser', `/v1/admin/users/${slug('nobody')}`, admin(), 404);
      await conforms('getUserById', `/v1/admin/users/by-id/${userId}`, admin(), 200);
      await conforms('getUserById', `/v1/admin/users/by-id/${randomUUID()}`, admin(), 404);
      await conforms('getUserById', '/v1/admin/users/by-id/not-a-uuid', admin(), 400);
      await conforms('importUsers', '/v1/admin/users/import', admin([{ externalId: `contract-import-${randomUUID()}`, uuid: randomUUID() }]), 200);
      await conforms('importUsers', '/v1/admin/users/import', admin([{ externalId: 'x', uuid: 'not-a-uuid' }]), 400);
      await conforms('eraseUser', `/v1/admin/users/${encodeURIComponent(externalId)}`, admin(undefined, 'DELETE'), 200);
      await conforms('eraseUser', `/v1/admin/users/${encodeURIComponent(externalId)}`, admin(undefined, 'DELETE'), 404);

      await conforms('deleteIntegration', `/v1/admin/integrations/${slugs.tiledesk}`, admin(undefined, 'DELETE'), 204);
      await conforms('deleteIntegration', `/v1/admin/integrations/${slugs.tiledesk}`, admin(undefined, 'DELETE'), 404);
      await conforms('getBrowserSdk', '/sdk/chat-identity.js', {}, 200);
      await conforms('getBrowserSdk', '/sdk/missing.js', {}, 404);
      await conforms('getMetrics', '/metrics', {}, 200);

      const salesforce = slug('salesforce');
      await conforms('createIntegration', '/v1/admin/integrations', admin({ slug: salesforce, vendor: 'salesforce', settings: { issuer: 'https://app.example.com' } }), 201);
      await conforms('addSecret', `/v1/admin/integrations/${salesforce}/secrets`, admin({ generate: true, activate: true }), 201);
      const keySet = (await conforms('getKeySet', `/v1/jwks/${salesforce}`, {}, 200)) as { keys: Array<{ kty: string }> };
      expect(keySet.keys.map((key) => key.kty)).toEqual(['RSA']);
      await conforms('getKeySet', `/v1/jwks/${slugs.decimal}`, {}, 404);
    });

    it('for rate limits (429 with Retry-After) on tokens and admin sign-ins, and metrics behind a token', async () => {
      const limited = await startTestApp({
        RATE_LIMIT_PER_SUBJECT_PER_MINUTE: '1',
        RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '1',
        METRICS_TOKEN: 'contract-metrics-token-0123456789',
      });
      await limited.listen({ port: 0, host: '127.0.0.1' });
      const limitedUrl = await limited.getUrl();
      try {
        const decimal = slug('limited');
        await fetch(`${limitedUrl}/v1/admin/integrations`, admin({ slug: decimal, vendor: 'decimal', settings: {}, secret: 'contract-decimal-secret-0001' }));
        const subject = { externalId: `contract-limited-${randomUUID()}`, email: 'ada@example.com' };
        const send = (): Promise<Response> => fetch(`${limitedUrl}/v1/identity/${decimal}`, asService(subject));
        expect((await send()).status).toBe(200);
        const previousBase = baseUrl;
        baseUrl = limitedUrl;
        try {
          await conforms('issueIdentity', `/v1/identity/${decimal}`, asService(subject), 429);
          await conforms('getMetrics', '/metrics', {}, 401);
          // Failed admin sign-ins over the limit: every admin route refuses this address.
          await fetch(`${limitedUrl}/v1/admin/integrations`, { headers: { authorization: 'Bearer not-the-admin-key' } });
          await fetch(`${limitedUrl}/v1/admin/integrations`, { headers: { authorization: 'Bearer not-the-admin-key' } });
          await conforms('listIntegrations', '/v1/admin/integrations', admin(), 429);
        } finally {
          baseUrl = previousBase;
        }
      } finally {
        await limited.close();
      }
    });

    it('covered at least one success and one failure of every operation of the module', () => {
      const moduleOperations = operationsOf(document).filter(({ path }) => isModuleOperation(path));
      for (const { operation } of moduleOperations) {
        const statuses = [...seen].filter((entry) => entry.startsWith(`${operation.operationId} `)).map((entry) => Number(entry.split(' ')[1]));
        expect({ operationId: operation.operationId, success: statuses.some((status) => status < 300) }).toEqual({ operationId: operation.operationId, success: true });
        if (!['listIntegrations', 'rotateMasterKey', 'getMasterKeyStatus'].includes(operation.operationId ?? '')) {
          expect({ operationId: operation.operationId, failure: statuses.some((status) => status >= 400) }).toEqual({ operationId: operation.operationId, failure: true });
        }
      }
    });
  });

  describe('a typed client generated from /docs-json', () => {
    let workspace: string;
    beforeAll(() => {
      workspace = mkdtempSync(join(tmpdir(), 'chat-identity-client-'));
    });
    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    it('type-checks a small web client and the browser library against it (openapi-typescript, tsc)', async () => {
      writeFileSync(join(workspace, 'openapi.json'), JSON.stringify(document));
      await run(process.execPath, [join(repository, 'node_modules/openapi-typescript/bin/cli.js'), join(workspace, 'openapi.json'), '-o', join(workspace, 'openapi.ts')]);
      writeFileSync(join(workspace, 'web-client.ts'), WEB_CLIENT);
      writeFileSync(join(workspace, 'library-contract.ts'), LIBRARY_CONTRACT.replace('LIBRARY', join(repository, 'src/browser/chat-identity.js')));
      writeFileSync(
        join(workspace, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'NodeNext', moduleResolution: 'NodeNext', types: [], skipLibCheck: false },
          files: ['openapi.ts', 'web-client.ts', 'library-contract.ts'],
        }),
      );
      const checked = await run(process.execPath, [join(repository, 'node_modules/typescript/bin/tsc'), '-p', join(workspace, 'tsconfig.json')]).then(
        () => 'ok',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(checked).toBe('ok');
      // The check can fail: a web client that reads a field the contract does not have is refused.
      writeFileSync(join(workspace, 'web-client.ts'), `${WEB_CLIENT}\nexport const wrong = (identity: IdentityAnswer): string => identity.handoff.noSuchField;\n`);
      const refused = await run(process.execPath, [join(repository, 'node_modules/typescript/bin/tsc'), '-p', join(workspace, 'tsconfig.json')]).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? '',
      );
      expect(refused).toContain('noSuchField');
      // A hang guard: three tsc runs took over 90 s at load 25 on 2 cores.
    }, 300_000);
  });
});

describe('The OpenAPI document of a host that mounts the module', () => {
  let restoreEnvironment: () => void;
  let host: RunningHost;

  beforeAll(async () => {
    restoreEnvironment = configureHostEnvironment();
    host = await startHostApp(HostAppModule, 'fastify');
  });

  afterAll(async () => {
    await host?.app.close();
    restoreEnvironment?.();
  });

  it("gets the module's schemes from addChatIdentityOpenApi, and everything else with the module's routes", () => {
    const bare = SwaggerModule.createDocument(host.app, new DocumentBuilder().setTitle('host app').setVersion('7.1.0').build()) as Document;
    // Without the helper, only the security schemes are missing: what the helper is for.
    expect(undefinedSchemes(bare).sort()).toEqual(['chat-identity-admin', 'chat-identity-end-user', 'chat-identity-service-key']);
    const document = addChatIdentityOpenApi(bare, {
      securitySchemes: { admin: { type: 'apiKey', in: 'header', name: 'x-test-session', description: "The host's admin session." } },
    }) as Document;
    expect(document.info.version).toBe('7.1.0');
    expect(undefinedSchemes(document)).toEqual([]);
    expect(danglingRefs(document)).toEqual([]);
    expect(document.components?.securitySchemes?.['chat-identity-admin']).toEqual(expect.objectContaining({ name: 'x-test-session' }));
    const issue = document.paths['/chat/v1/identity/{integration}']?.post;
    expect(issue?.operationId).toBe('issueIdentity');
    expect(Object.keys(issue?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '404', '422', '429', '503']));
    expect(document.paths['/chat/v1/admin/integrations']?.post?.operationId).toBe('createIntegration');
  });
});

/** A small web app's client code, written against the generated types only. */
const WEB_CLIENT = `import type { components, paths } from './openapi.js';

export type IdentityAnswer = paths['/v1/identity/{integration}']['post']['responses'][200]['content']['application/json'];
type Problem = components['schemas']['ProblemDetails'];
type Integration = components['schemas']['Integration'];

export async function widgetIdentity(baseUrl: string, integration: string, accessToken: string): Promise<IdentityAnswer> {
  const response = await fetch(\`\${baseUrl}/v1/identity/\${encodeURIComponent(integration)}\`, {
    method: 'POST',
    headers: { authorization: \`Bearer \${accessToken}\` },
  });
  if (!response.ok) {
    const problem = (await response.json()) as Problem;
    const retryAfter = response.headers.get('retry-after');
    throw new Error(\`\${problem.title}: \${problem.detail} (request \${problem.requestId}\${retryAfter ? \`, retry in \${retryAfter} s\` : ''})\`);
  }
  return (await response.json()) as IdentityAnswer;
}

/** The credential each vendor's widget is handed, read through the per-vendor types. */
export function credentialOf(identity: IdentityAnswer): string | undefined {
  switch (identity.vendor) {
    case 'glassix':
      return identity.handoff.widgetOptions.identityToken;
    case 'gladly':
      return identity.handoff.setUser.jwt;
    case 'decimal':
      return identity.handoff.boot.user_token;
    case 'tiledesk':
      return identity.handoff.signInWithCustomToken;
    default:
      return undefined;
  }
}

export const expiresAt = (identity: IdentityAnswer): Date | null => (identity.expiresAt === null ? null : new Date(identity.expiresAt));
export const logoutCall = (identity: IdentityAnswer): string => identity.logout.call;

export async function integrations(baseUrl: string, adminKey: string): Promise<Integration[]> {
  const response = await fetch(\`\${baseUrl}/v1/admin/integrations\`, { headers: { authorization: \`Bearer \${adminKey}\` } });
  return (await response.json()) as Integration[];
}
`;

/** The browser library takes every answer the contract documents for the vendors it hands off to. */
const LIBRARY_CONTRACT = `import type { paths } from './openapi.js';
import { attach, type WidgetIdentity } from 'LIBRARY';

type Answer = paths['/v1/identity/{integration}']['post']['responses'][200]['content']['application/json'];
type Shared = Extract<Answer, { vendor: WidgetIdentity['vendor'] }>;

export const accepted = (answer: Shared): WidgetIdentity => answer;
export const attached = (): ReturnType<typeof attach> =>
  attach({ endpoint: 'https://chat.example.com', integration: 'glassix-support', getAccessToken: () => 'token' });
`;
