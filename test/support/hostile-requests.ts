import { randomUUID } from 'node:crypto';
import type { RawRequest, RawResponse } from './raw-http.js';

/**
 * The hostile requests of test/hostile-input.e2e-spec.ts, generated from the routes of the service's
 * OpenAPI document, and the rule every answer must follow. A module of its own: the fuzz client runs
 * in a process of its own (test/support/fuzz-client.ts).
 */

/**
 * The dependencies a readiness 503 names (terminus' body: `status: 'error'`, each failed check `down`),
 * or undefined for any other answer. Such a 503 reports the service's state (a database ping past its
 * 1.5 s budget on a saturated machine, say), not an answer to the request: it is not a server error.
 */
export function readinessDown(request: RawRequest, response: RawResponse): string[] | undefined {
  if (request.path.split('?')[0] !== '/health/ready' || response.status !== 503) return undefined;
  try {
    const body = JSON.parse(response.text) as { status?: unknown; error?: Record<string, { status?: unknown }> };
    const down = Object.entries(body.error ?? {}).filter(([, check]) => check.status === 'down');
    return body.status === 'error' && down.length > 0 ? down.map(([name]) => name) : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with an answer: a 5xx, or an error that is not a problem+json; undefined when nothing is. */
export function problemViolation(request: RawRequest, response: RawResponse): string | undefined {
  const what = `${request.method} ${request.path.slice(0, 120)} -> ${response.status} ${response.contentType} ${response.text.slice(0, 300)}`;
  if (response.status >= 500) return `server error: ${what}`;
  if (response.status < 400) return undefined;
  if (response.contentType.split(';')[0] !== 'application/problem+json') return `not problem+json: ${what}`;
  try {
    const body = JSON.parse(response.text) as { status?: unknown; detail?: unknown };
    if (body.status !== response.status || typeof body.detail !== 'string') return `problem without its status or detail: ${what}`;
  } catch {
    return `problem that is not JSON: ${what}`;
  }
  return undefined;
}

export function keysObject(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]));
}

/** A body each route accepts, so that a hostile path parameter is what the request turns on. */
function validBodyFor(method: string, path: string): unknown {
  if (path.startsWith('/v1/identity')) return {};
  if (path.endsWith('/users/import')) return [{ externalId: `fuzz-valid-${randomUUID()}`, uuid: randomUUID() }];
  if (path.endsWith('/inspect')) return { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' };
  if (path.endsWith('/secrets')) return { secret: `fuzz-secret-${randomUUID()}`, activate: false };
  if (method === 'PATCH') return { enabled: true };
  if (path === '/v1/admin/integrations') return { slug: `fuzz-${randomUUID().slice(0, 8)}`, vendor: 'decimal', settings: {}, secret: `fuzz-secret-${randomUUID()}` };
  return {};
}

/** What the generator needs to know of the service under test. */
export interface FuzzContext {
  routes: Array<{ method: string; path: string }>;
  slug: string;
  userBearer: string;
  adminKey: string;
  serviceKey: string;
}

/** A seeded generator, so a failure can be replayed: the same seed gives the same requests. */
export function* hostileRequests({ routes, slug, userBearer, adminKey, serviceKey }: FuzzContext, seed = 11): Generator<RawRequest> {
  const hugeKeys = JSON.stringify(keysObject(100_000));
  const overLimit = JSON.stringify({ padding: 'x'.repeat(70_000) });
  const overImportLimit = Buffer.alloc(17 * 1024 * 1024, 0x20);
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const hostileParams = ['a%00b', '%01', '%7F', '%C2%85', 'a%0Ab', '%ZZ', '..', '%2e%2e', 'UPPER', 'x'.repeat(300), 'x'.repeat(5_000), '%F0%9F%92%A9', '%EF%BF%BF', '%ED%A0%80'];
  const hostileVersions = ['0', '-1', '01', '1e3', '1.5', '%201', '99999999999', '2147483648', 'abc', '%00', '1%00'];
  const malformed = ['{', '{"a":1,}', '[1,2', '{"a":"\u0000"}', '\uFEFF{}', '{"a":01}', "{'a':1}", 'nul', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '', ' ', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '1'.repeat(400)];
  const wrongBodies: unknown[] = [
    42, 'text', true, null, [], [{}], [null], {},
    { slug: 5, vendor: [], settings: 'x', secret: {} },
    { slug: 'ok-slug', vendor: 'glassix', settings: { apiKey: 7, snippetId: [], tokenTtlSeconds: '10', claims: [1] }, secret: 12 },
    { slug: 'ok-slug', vendor: 'no-such-vendor', settings: {}, secret: 'x' },
    { settings: null, enabled: 'yes' },
    { settings: { tokenTtlSeconds: 1e308, claims: { iss: 'email', aud: 'attributes.x', 'a-b': 'name' } } },
    { subject: { externalId: 5, email: 'not-an-email', phone: '123', attributes: 'x', extra: 1 } },
    { subject: { externalId: 'x'.repeat(300) } },
    { subject: [] },
    { token: 123 }, { token: 'a.b.c' }, { token: 'JWT ' + 'x'.repeat(20_000) }, { signature: 'zz', signed: 1 },
    { secret: '', activate: 'yes' }, { secret: 'x'.repeat(70_000) },
    [{ externalId: '', uuid: 'nope' }, { externalId: 'a', uuid: 'a' }, 5],
    { toString: 1, valueOf: 'x', hasOwnProperty: 2 },
  ];
  const hostileNesting = [`${'['.repeat(10_000)}${']'.repeat(10_000)}`, `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, `{"settings":${'['.repeat(40)}${']'.repeat(40)}}`];
  const badHeaders: Array<Record<string, string>> = [
    { 'content-type': 'text/xml' }, { 'content-type': 'application/json; charset=utf-16' }, { 'content-type': 'text/csv' },
    { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'text/plain' },
    { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { 'content-type': 'application/json', 'content-encoding': 'br' },
    { authorization: 'Bearer' }, { authorization: 'Bearer x.y.z' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: `Bearer ${'a'.repeat(8_000)}` },
    { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' }, { 'x-service-key': 'wrong' }, { 'x-service-key': '' }, { 'x-request-id': 'x'.repeat(5_000) },
    { accept: 'text/html' }, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
  ];
  const bigBodiesSent = { hugeKeys: 0, overImport: 0 };

  for (;;) {
    const route = pick(routes);
    const kind = pick(['malformed', 'control', 'path', 'nesting', 'wide', 'big', 'types', 'headers', 'query'] as const);
    const isImport = route.path.endsWith('/users/import');
    const params: Record<string, string> = { integration: slug, slug, version: '1', externalId: 'fuzz-user' };
    if (route.method === 'DELETE') params.slug = params.externalId = `fuzz-absent-${Math.floor(random() * 1e6)}`;
    if (kind === 'path') {
      const name = pick(Object.keys(params));
      params[name] = name === 'version' ? pick(hostileVersions) : pick(hostileParams);
    }
    let path = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => params[name] ?? pick(hostileParams));
    const authenticate = random() < 0.75;
    const headers: Record<string, string> = {};
    if (authenticate) Object.assign(headers, route.path.startsWith('/v1/identity') ? pick([{ authorization: userBearer }, { 'x-service-key': serviceKey }]) : { authorization: `Bearer ${adminKey}` });
    let body: string | Buffer | undefined;
    const hasBody = route.method !== 'GET' || random() < 0.2;
    switch (kind) {
      case 'malformed':
        body = pick(malformed);
        headers['content-type'] = 'application/json';
        break;
      case 'control': {
        const value = `x${pick(['\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\n', '\t'])}y`;
        body = JSON.stringify(pick([
          { slug: value, vendor: 'decimal', settings: {}, secret: 'fuzz-secret-0123456789abcdef' },
          { slug: 'ok', vendor: value, settings: {} },
          { slug: 'ok', vendor: 'decimal', settings: { claims: { [value]: 'email' } } },
          { settings: { claims: { plan: `attributes.${value}` } } },
          { secret: `fuzz-secret-0123456789${value}` },
          { subject: { externalId: value, name: value, attributes: { [value]: value } } },
          { token: value },
          [{ externalId: value, uuid: randomUUID() }],
        ]));
        headers['content-type'] = 'application/json';
        if (random() < 0.3) path += `?limit=${pick(['%00', '1%0A', '%7F'])}`;
        break;
      }
      case 'nesting':
        body = pick(hostileNesting);
        headers['content-type'] = 'application/json';
        break;
      case 'wide':
        // 1.5 MB each: a few dozen, enough for the limit and the key cap on every route.
        if (bigBodiesSent.hugeKeys < 40) {
          bigBodiesSent.hugeKeys += 1;
          body = hugeKeys;
        } else {
          body = JSON.stringify({ settings: keysObject(300), subject: keysObject(300) });
        }
        headers['content-type'] = 'application/json';
        break;
      case 'big':
        if (isImport && bigBodiesSent.overImport < 3) {
          bigBodiesSent.overImport += 1;
          body = overImportLimit;
        } else {
          body = overLimit;
        }
        headers['content-type'] = 'application/json';
        break;
      case 'types':
        body = JSON.stringify(pick(wrongBodies));
        headers['content-type'] = 'application/json';
        break;
      case 'headers':
        Object.assign(headers, pick(badHeaders));
        body = hasBody ? JSON.stringify(pick(wrongBodies)) : undefined;
        if (headers['content-encoding']) body = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]);
        break;
      case 'query':
        path += `?${pick(['limit=-1', 'limit=abc', 'limit=1e9', 'limit=99999999999999999999', 'after=garbage', 'limit[]=1', 'limit=1&limit=2', 'after=%00', 'force=maybe', 'force=true&force=false', `x=${'y'.repeat(4_000)}`, '%ZZ=1'])}`;
        body = hasBody ? JSON.stringify(pick(wrongBodies)) : undefined;
        if (body !== undefined) headers['content-type'] = 'application/json';
        break;
      case 'path':
        // Mostly a body the route accepts, so the parameter is what reaches the service and the database.
        body = hasBody ? JSON.stringify(random() < 0.7 ? validBodyFor(route.method, route.path) : pick(wrongBodies)) : undefined;
        if (body !== undefined) headers['content-type'] = 'application/json';
        break;
    }
    if (!hasBody && kind !== 'malformed' && kind !== 'big' && kind !== 'wide' && kind !== 'nesting' && kind !== 'control') body = undefined;
    yield { method: route.method, path, headers, body };
  }
}
