import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HostAppModule } from './host/host-app.module.js';
import { SESSION_HEADER } from './host/host-auth.js';
import { configureHostEnvironment } from './host/host-client.js';
import { type HostAdapter, type RunningHost, startHostApp } from './host/start-host-app.js';
import { RawHttpClient, type RawRequest } from './support/raw-http.js';

// The input limits are the module's, not the standalone's: the README host on both adapters refuses the
// same hostile input with the same problems, its own body parser having parsed it.
describe.each<HostAdapter>(['express', 'fastify'])('hostile input to the module mounted on %s', (adapter) => {
  let host: RunningHost;
  let client: RawHttpClient;
  let restoreEnvironment: () => void;
  const admin = { [SESSION_HEADER]: 'session-alice', 'content-type': 'application/json' };

  beforeAll(async () => {
    restoreEnvironment = configureHostEnvironment();
    host = await startHostApp(HostAppModule, adapter);
    client = new RawHttpClient(Number(new URL(host.url).port));
  });

  afterAll(async () => {
    client?.close();
    await host?.app.close();
    restoreEnvironment?.();
  });

  it.each<[string, RawRequest, { field: string; message: string }]>([
    ['NUL in a path parameter', { method: 'PATCH', path: '/chat/v1/admin/integrations/a%00b', body: '{"enabled":true}' }, { field: 'slug', message: 'must not contain control characters (such as NUL)' }],
    ['a control character in a JSON key', { method: 'POST', path: '/chat/v1/admin/integrations', body: '{"slug":"x","vendor":"decimal","settings":{"claims":{"a\\u0001":"email"}}}' }, { field: 'settings.claims.a\u0001', message: 'the key must not contain control characters (such as NUL)' }],
    ['JSON nested 10k deep', { method: 'POST', path: '/chat/v1/admin/integrations', body: `{"settings":${'['.repeat(10_000)}${']'.repeat(10_000)}}` }, { field: `settings${'[0]'.repeat(31)}`, message: 'nests deeper than 32 levels' }],
    ['an object of 300 keys', { method: 'POST', path: '/chat/v1/admin/integrations', body: JSON.stringify({ settings: Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`k${index}`, index])) }) }, { field: 'settings', message: 'has 300 keys, more than the 256 allowed' }],
    ['a version that is not plain digits', { method: 'POST', path: '/chat/v1/admin/integrations/some-slug/secrets/01/revoke' }, { field: 'version', message: 'must be a positive integer written in plain digits (no sign, leading zero, point or exponent)' }],
    // Express's body-parser (strict) refuses a top-level null itself, in the host's own error format, before the module sees it.
    ...(adapter === 'fastify'
      ? [['a null PATCH body', { method: 'PATCH', path: '/chat/v1/admin/integrations/some-slug', body: 'null' }, { field: 'body', message: 'must be a JSON object' }] as [string, RawRequest, { field: string; message: string }]]
      : []),
  ])('answers %s with a 400 problem naming the field', async (_case, request, problem) => {
    const response = await client.send({ ...request, headers: request.body === undefined ? { [SESSION_HEADER]: 'session-alice' } : admin });
    expect({ status: response.status, contentType: response.contentType.split(';')[0] }).toEqual({ status: 400, contentType: 'application/problem+json' });
    expect(JSON.parse(response.text).errors).toEqual([problem]);
  });
});
