import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { execFile } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ADMIN_KEY, SERVICE_KEY, startTestApp } from './support/app.js';
import { readmeCreateBodies } from './support/openapi-document.js';

/**
 * Clients that three generators nobody here wrote make from the document (orval, @hey-api/openapi-ts,
 * openapi-typescript with openapi-fetch), compiled with `strict`, then run against the live service:
 * each creates integrations, adds and activates a secret version by number, and gets a JWT, a hash
 * and an RS256 identity. The test checks what they got with the secrets, as the vendors would.
 */

const run = promisify(execFile);
const repository = fileURLToPath(new URL('..', import.meta.url));
const bin = (path: string): string => join(repository, 'node_modules', path);
const OFFLINE = { ...process.env, NO_UPDATE_NOTIFIER: '1' };
const SECRETS = { first: 'clients-decimal-first-secret-0001', second: 'clients-decimal-second-secret-002', hash: 'clients-helpscout-beacon-secret-01' };
const CLIENTS = ['orval', 'heyApi', 'openapiFetch'] as const;

interface Outcome {
  activated: { version: number; state: string };
  decimalToken: string;
  helpScout: { email: string; signature: string };
  salesforceToken: string;
  keySet: JSONWebKeySet;
}

describe('Clients generated from the document by orval, @hey-api/openapi-ts and openapi-typescript', () => {
  let app: NestFastifyApplication;
  let baseUrl = '';
  let workspace: string;
  const prefix = `clients-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    app = await startTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
    workspace = mkdtempSync(join(tmpdir(), 'chat-identity-clients-'));
    // The generated code and openapi-fetch resolve their imports as in an app that installed them.
    symlinkSync(join(repository, 'node_modules'), join(workspace, 'node_modules'), 'dir');
    writeFileSync(join(workspace, 'openapi.json'), await (await fetch(`${baseUrl}/docs-json`)).text());
    writeFileSync(join(workspace, 'orval.config.cjs'), ORVAL_CONFIG.replace('BASE_URL', baseUrl));
    // Each generator as its documentation shows it, from the file: nothing is fetched.
    await Promise.all([
      run(process.execPath, [bin('orval/dist/bin/orval.js'), '--config', 'orval.config.cjs'], { cwd: workspace, env: OFFLINE }),
      run(process.execPath, [bin('@hey-api/openapi-ts/bin/run.js'), '-i', 'openapi.json', '-o', 'hey-api', '-c', '@hey-api/client-fetch', '--no-log-file', '-s'], {
        cwd: workspace,
        env: OFFLINE,
      }),
      run(process.execPath, [bin('openapi-typescript/bin/cli.js'), 'openapi.json', '-o', 'chat-identity.d.ts'], { cwd: workspace, env: OFFLINE }),
    ]);
    mkdirSync(join(workspace, 'calls'));
    writeFileSync(join(workspace, 'calls/outcome.ts'), OUTCOME);
    writeFileSync(join(workspace, 'calls/orval.ts'), ORVAL_CALLS);
    writeFileSync(join(workspace, 'calls/hey-api.ts'), HEY_API_CALLS);
    writeFileSync(join(workspace, 'calls/openapi-fetch.ts'), OPENAPI_FETCH_CALLS);
    writeFileSync(join(workspace, 'calls/readme-bodies.ts'), README_BODIES.replaceAll('BODIES', JSON.stringify(readmeCreateBodies(), null, 2)));
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(workspace, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], module: 'NodeNext', moduleResolution: 'NodeNext', types: [], outDir: 'out', rootDir: '.' },
        include: ['orval/**/*.ts', 'hey-api/**/*.ts', 'chat-identity.d.ts', 'calls/*.ts'],
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  let outcomes: Record<(typeof CLIENTS)[number], Outcome>;

  it("compiles all three with strict, the calls written against them and the README's create bodies included", async () => {
    const compiled = await run(process.execPath, [bin('typescript/bin/tsc'), '-p', join(workspace, 'tsconfig.json')]).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(compiled).toBe('ok');
  }, 120_000);

  it('makes real calls with each: create, add a secret, activate it by version, issue JWT, hash and RS256 identities', async () => {
    const context = JSON.stringify({ baseUrl, adminKey: ADMIN_KEY, serviceKey: SERVICE_KEY, prefix, secrets: SECRETS });
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUN_ALL, context], { cwd: workspace, env: OFFLINE });
    outcomes = JSON.parse(stdout) as typeof outcomes;
    expect(Object.keys(outcomes).sort()).toEqual([...CLIENTS].sort());
  }, 60_000);

  it.each(CLIENTS)('%s: the activated version signs the JWT, the hash is the documented HMAC, the RS256 token verifies with the JWK Set', async (client) => {
    const outcome = outcomes[client];
    expect(outcome.activated).toEqual({ version: 2, state: 'active' });
    const decimal = await jwtVerify(outcome.decimalToken, new TextEncoder().encode(SECRETS.second), { algorithms: ['HS256'] });
    expect(decimal.payload).toMatchObject({ email: 'ada@example.com', plan: 'gold' });
    expect(outcome.helpScout.email).toBe('ada@example.com');
    expect(outcome.helpScout.signature).toBe(createHmac('sha256', SECRETS.hash).update('ada@example.com').digest('hex'));
    const salesforce = await jwtVerify(outcome.salesforceToken, createLocalJWKSet(outcome.keySet), { algorithms: ['RS256'], issuer: 'https://app.example.com' });
    expect(salesforce.payload.sub).toEqual(expect.any(String));
  });
});

const ORVAL_CONFIG = `module.exports = {
  chatIdentity: { input: { target: './openapi.json' }, output: { target: './orval/chat-identity.ts', client: 'fetch', baseUrl: 'BASE_URL' } },
};
`;

/** What every client's calls hand back, and what they are given. */
const OUTCOME = `export interface Context {
  baseUrl: string;
  adminKey: string;
  serviceKey: string;
  prefix: string;
  secrets: { first: string; second: string; hash: string };
}

export interface Outcome {
  activated: { version: number; state: string };
  decimalToken: string;
  helpScout: { email: string; signature: string };
  salesforceToken: string;
  keySet: unknown;
}

/** The README's subject: the attributes are what claims mappings read. */
export const subject = (prefix: string) => ({ externalId: prefix + '-user', email: 'ada@example.com', name: 'Ada Lovelace', attributes: { plan: 'gold' } });
`;

const ORVAL_CALLS = `import { activateSecret, addSecret, createIntegration, getKeySet, issueIdentity } from '../orval/chat-identity.js';
import { type Context, type Outcome, subject } from './outcome.js';

/** orval's fetch client answers { data, status } for every status: narrowed to the one expected. */
function expected<R extends { status: number }, S extends R['status']>(response: R, status: S): Extract<R, { status: S }> {
  if (response.status !== status) throw new Error('orval: ' + response.status + ' ' + JSON.stringify(response));
  return response as Extract<R, { status: S }>;
}

export async function orvalCalls({ adminKey, serviceKey, prefix, secrets }: Context): Promise<Outcome> {
  const admin = { headers: { authorization: 'Bearer ' + adminKey } };
  const service = { headers: { 'x-service-key': serviceKey } };
  const decimal = prefix + '-orval-decimal';
  expected(await createIntegration({ slug: decimal, vendor: 'decimal', settings: { claims: { plan: 'attributes.plan' } }, secret: secrets.first }, admin), 201);
  const staged = expected(await addSecret(decimal, { secret: secrets.second, activate: false }, admin), 201).data;
  const activated = expected(await activateSecret(decimal, staged.version, admin), 200).data;
  const jwt = expected(await issueIdentity(decimal, { subject: subject(prefix) }, service), 200).data;
  if (jwt.vendor !== 'decimal') throw new Error('not decimal');

  const helpScout = prefix + '-orval-helpscout';
  expected(await createIntegration({ slug: helpScout, vendor: 'helpscout', settings: {}, secret: secrets.hash }, admin), 201);
  const hash = expected(await issueIdentity(helpScout, { subject: subject(prefix) }, service), 200).data;
  if (hash.vendor !== 'helpscout') throw new Error('not helpscout');

  const salesforce = prefix + '-orval-salesforce';
  expected(await createIntegration({ slug: salesforce, vendor: 'salesforce', settings: { issuer: 'https://app.example.com' } }, admin), 201);
  expected(await addSecret(salesforce, { generate: true }, admin), 201);
  const rs256 = expected(await issueIdentity(salesforce, { subject: subject(prefix) }, service), 200).data;
  if (rs256.vendor !== 'salesforce') throw new Error('not salesforce');
  const keySet = expected(await getKeySet(salesforce), 200).data;
  return {
    activated: { version: activated.version, state: activated.state },
    decimalToken: jwt.handoff.boot.user_token,
    helpScout: { email: hash.handoff.identify.email, signature: hash.handoff.identify.signature },
    salesforceToken: rs256.handoff.setIdentityToken.identityToken,
    keySet,
  };
}
`;

const HEY_API_CALLS = `import { createClient, createConfig } from '../hey-api/client/index.js';
import { activateSecret, addSecret, createIntegration, getKeySet, issueIdentity } from '../hey-api/index.js';
import { type Context, type Outcome, subject } from './outcome.js';

/** The SDK answers { data } or { error }: the data, or a failure naming the problem. */
function data<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new Error('hey-api: ' + answer.response.status + ' ' + JSON.stringify(answer.error));
  return answer.data;
}

export async function heyApiCalls({ baseUrl, adminKey, serviceKey, prefix, secrets }: Context): Promise<Outcome> {
  // The generated security requirements choose the credential: the admin bearer, or the service key.
  const admin = createClient(createConfig({ baseUrl, auth: (scheme) => (scheme.type === 'http' ? adminKey : undefined) }));
  const service = createClient(createConfig({ baseUrl, auth: (scheme) => (scheme.type === 'apiKey' ? serviceKey : undefined) }));
  const decimal = prefix + '-hey-decimal';
  data(await createIntegration({ client: admin, body: { slug: decimal, vendor: 'decimal', settings: { claims: { plan: 'attributes.plan' } }, secret: secrets.first } }));
  const staged = data(await addSecret({ client: admin, path: { slug: decimal }, body: { secret: secrets.second, activate: false } }));
  const activated = data(await activateSecret({ client: admin, path: { slug: decimal, version: staged.version } }));
  const jwt = data(await issueIdentity({ client: service, path: { integration: decimal }, body: { subject: subject(prefix) } }));
  if (jwt.vendor !== 'decimal') throw new Error('not decimal');

  const helpScout = prefix + '-hey-helpscout';
  data(await createIntegration({ client: admin, body: { slug: helpScout, vendor: 'helpscout', settings: {}, secret: secrets.hash } }));
  const hash = data(await issueIdentity({ client: service, path: { integration: helpScout }, body: { subject: subject(prefix) } }));
  if (hash.vendor !== 'helpscout') throw new Error('not helpscout');

  const salesforce = prefix + '-hey-salesforce';
  data(await createIntegration({ client: admin, body: { slug: salesforce, vendor: 'salesforce', settings: { issuer: 'https://app.example.com' } } }));
  data(await addSecret({ client: admin, path: { slug: salesforce }, body: { generate: true } }));
  const rs256 = data(await issueIdentity({ client: service, path: { integration: salesforce }, body: { subject: subject(prefix) } }));
  if (rs256.vendor !== 'salesforce') throw new Error('not salesforce');
  const keySet = data(await getKeySet({ client: service, path: { integration: salesforce } }));
  return {
    activated: { version: activated.version, state: activated.state },
    decimalToken: jwt.handoff.boot.user_token,
    helpScout: { email: hash.handoff.identify.email, signature: hash.handoff.identify.signature },
    salesforceToken: rs256.handoff.setIdentityToken.identityToken,
    keySet,
  };
}
`;

const OPENAPI_FETCH_CALLS = `import createClient from 'openapi-fetch';
import type { paths } from '../chat-identity.js';
import { type Context, type Outcome, subject } from './outcome.js';

/** openapi-fetch answers { data } or { error }: the data, or a failure naming the problem. */
function data<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data === undefined) throw new Error('openapi-fetch: ' + answer.response.status + ' ' + JSON.stringify(answer.error));
  return answer.data;
}

export async function openapiFetchCalls({ baseUrl, adminKey, serviceKey, prefix, secrets }: Context): Promise<Outcome> {
  const admin = createClient<paths>({ baseUrl, headers: { authorization: 'Bearer ' + adminKey } });
  const service = createClient<paths>({ baseUrl, headers: { 'x-service-key': serviceKey } });
  const decimal = prefix + '-fetch-decimal';
  data(await admin.POST('/v1/admin/integrations', { body: { slug: decimal, vendor: 'decimal', settings: { claims: { plan: 'attributes.plan' } }, secret: secrets.first } }));
  const staged = data(await admin.POST('/v1/admin/integrations/{slug}/secrets', { params: { path: { slug: decimal } }, body: { secret: secrets.second, activate: false } }));
  const activated = data(await admin.POST('/v1/admin/integrations/{slug}/secrets/{version}/activate', { params: { path: { slug: decimal, version: staged.version } } }));
  const jwt = data(await service.POST('/v1/identity/{integration}', { params: { path: { integration: decimal } }, body: { subject: subject(prefix) } }));
  if (jwt.vendor !== 'decimal') throw new Error('not decimal');

  const helpScout = prefix + '-fetch-helpscout';
  data(await admin.POST('/v1/admin/integrations', { body: { slug: helpScout, vendor: 'helpscout', settings: {}, secret: secrets.hash } }));
  const hash = data(await service.POST('/v1/identity/{integration}', { params: { path: { integration: helpScout } }, body: { subject: subject(prefix) } }));
  if (hash.vendor !== 'helpscout') throw new Error('not helpscout');

  const salesforce = prefix + '-fetch-salesforce';
  data(await admin.POST('/v1/admin/integrations', { body: { slug: salesforce, vendor: 'salesforce', settings: { issuer: 'https://app.example.com' } } }));
  data(await admin.POST('/v1/admin/integrations/{slug}/secrets', { params: { path: { slug: salesforce } }, body: { generate: true } }));
  const rs256 = data(await service.POST('/v1/identity/{integration}', { params: { path: { integration: salesforce } }, body: { subject: subject(prefix) } }));
  if (rs256.vendor !== 'salesforce') throw new Error('not salesforce');
  const keySet = data(await service.GET('/v1/jwks/{integration}', { params: { path: { integration: salesforce } } }));
  return {
    activated: { version: activated.version, state: activated.state },
    decimalToken: jwt.handoff.boot.user_token,
    helpScout: { email: hash.handoff.identify.email, signature: hash.handoff.identify.signature },
    salesforceToken: rs256.handoff.setIdentityToken.identityToken,
    keySet,
  };
}
`;

/** The README's create bodies, as each client's type for the create body. */
const README_BODIES = `import type { paths } from '../chat-identity.js';
import type { CreateIntegrationData } from '../hey-api/index.js';
import type { CreateIntegrationBody } from '../orval/chat-identity.js';

type OpenapiTypescriptBody = paths['/v1/admin/integrations']['post']['requestBody']['content']['application/json'];

export const forOrval: CreateIntegrationBody[] = BODIES;
export const forHeyApi: Array<CreateIntegrationData['body']> = BODIES;
export const forOpenapiTypescript: OpenapiTypescriptBody[] = BODIES;
`;

/** Runs the compiled calls of each client in turn and prints their outcomes. */
const RUN_ALL = `
const context = JSON.parse(process.argv[1]);
const { orvalCalls } = await import('./out/calls/orval.js');
const { heyApiCalls } = await import('./out/calls/hey-api.js');
const { openapiFetchCalls } = await import('./out/calls/openapi-fetch.js');
const orval = await orvalCalls(context);
const heyApi = await heyApiCalls(context);
const openapiFetch = await openapiFetchCalls(context);
console.log(JSON.stringify({ orval, heyApi, openapiFetch }));
`;
