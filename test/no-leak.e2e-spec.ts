// A whole admin session with every log line captured at debug level, then a sweep of every table,
// log line and response for the secrets it handled: plaintext, base64, base64url, hex, and any
// 8-character piece of the plaintext (an error message quoting part of a body counts as a leak).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import {
  ADMIN_HEADERS,
  adminApi,
  captureLogs,
  endUser,
  expectProblem,
  type HttpResponse,
  listen,
  requestToken,
  scratchDatabase,
  settingsFor,
  uniqueSlug,
  verifiesWith,
  vendorToken,
  type WidgetIdentityBody,
} from './support/admin-api.js';
import { ADMIN_KEY, MASTER_KEY, startTestApp } from './support/app.js';
import { bearer, userToken } from './support/tokens.js';

const WINDOW = 8;
const TABLES = ['end_user', 'integration', 'integration_secret', 'audit_event'] as const;

/** A secret nobody could mistake for anything else (no words: any 8 characters of it are distinctive). */
const distinctive = (): string => `NoLeak${randomBytes(24).toString('base64url')}`;

interface Needle {
  name: string;
  text: string;
}

/** What a secret can turn into on its way to a log or a table. */
function encodingsOf(name: string, value: string | Buffer): Needle[] {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  return [
    ...(Buffer.isBuffer(value) ? [] : [{ name: `${name} (plaintext)`, text: value }]),
    { name: `${name} (base64)`, text: bytes.toString('base64').replace(/=+$/, '') },
    { name: `${name} (base64url)`, text: bytes.toString('base64url') },
    { name: `${name} (hex)`, text: bytes.toString('hex') },
  ];
}

function windowsOf(name: string, value: string): Needle[] {
  return Array.from({ length: value.length - WINDOW + 1 }, (_, start) => ({
    name: `${name} (characters ${start}..${start + WINDOW - 1})`,
    text: value.slice(start, start + WINDOW),
  }));
}

describe('No secret leaks anywhere', () => {
  const NEW_MASTER_KEY = `k2:${randomBytes(32).toString('base64')}`;
  const logs = captureLogs();
  const responses: HttpResponse[] = [];
  const vendorSecrets: string[] = [];
  const secretLabels: string[] = [];
  const bearerTokens: string[] = [];
  const apps: NestFastifyApplication[] = [];
  let scratch: ScratchDatabase;
  let database: DataSource;

  const start = async (masterKeys: string) => {
    const app = await startTestApp({ DATABASE_URL: scratch.url, MASTER_KEYS: masterKeys, LOG_LEVEL: 'debug' }, { logDestination: logs.destination });
    apps.push(app);
    const http = await listen(app, responses);
    return { app, http, admin: adminApi(http) };
  };
  const secret = (label: string): string => {
    const value = distinctive();
    vendorSecrets.push(value);
    secretLabels.push(label);
    return value;
  };

  beforeAll(async () => {
    scratch = await scratchDatabase();
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    await scratch?.dispose();
  });

  it('runs a full admin session and leaves no secret in any table, log line or response', async () => {
    const first = await start(MASTER_KEY);
    database = first.app.get(DataSource);
    const { admin, http } = first;
    const user = await endUser('no-leak');
    bearerTokens.push(user.headers.authorization.slice('Bearer '.length));
    const issued: Array<{ slug: string; body: WidgetIdentityBody }> = [];
    const issue = async (client: typeof http, slug: string, expected = 200): Promise<void> => {
      const response = await requestToken(client, slug, user);
      expect(response.status).toBe(expected);
      if (expected === 200) issued.push({ slug, body: response.body });
    };

    // Create one integration per vendor, each with its own secret.
    const slugs = { glassix: uniqueSlug('glassix'), decimal: uniqueSlug('decimal'), tiledesk: uniqueSlug('tiledesk') };
    for (const vendor of ['glassix', 'decimal', 'tiledesk'] as const) {
      const created = await admin.create({ slug: slugs[vendor], vendor, settings: settingsFor(vendor), secret: secret(vendor) });
      expect(created.status).toBe(201);
      await issue(http, slugs[vendor]);
    }

    // Rotate, stage + activate, rotate + revoke (503), roll back.
    expect((await admin.addSecret(slugs.glassix, { secret: secret('glassix-rotated') })).status).toBe(201);
    await issue(http, slugs.glassix);
    expect((await admin.addSecret(slugs.decimal, { secret: secret('decimal-staged'), activate: false })).status).toBe(201);
    expect((await admin.activate(slugs.decimal, 2)).status).toBe(200);
    await issue(http, slugs.decimal);
    expect((await admin.addSecret(slugs.tiledesk, { secret: secret('tiledesk-rotated') })).status).toBe(201);
    expect((await admin.revoke(slugs.tiledesk, 2, { force: true })).status).toBe(200);
    await issue(http, slugs.tiledesk, 503);
    expect((await admin.activate(slugs.tiledesk, 1)).status).toBe(200);
    await issue(http, slugs.tiledesk);

    // Bad requests, each carrying a secret-like value.
    const tooShort = distinctive().slice(0, 15);
    vendorSecrets.push(tooShort);
    secretLabels.push('too-short');
    expectProblem(await admin.addSecret(slugs.glassix, { secret: tooShort }), 400);
    expectProblem(await admin.addSecret(slugs.glassix, { secret: ` ${secret('padded')} ` }), 400);
    expectProblem(await admin.addSecret(slugs.glassix, { secret: { value: secret('not-a-string') } }), 400);
    expectProblem(await admin.create({ slug: 'Bad Slug!', vendor: 'glassix', settings: settingsFor('glassix'), secret: secret('bad-slug') }), 400);
    expectProblem(
      await admin.create({ slug: uniqueSlug('extra'), vendor: 'decimal', settings: {}, secret: secret('extra-ok'), apiSecret: secret('extra-field') }),
      400,
    );
    expectProblem(
      await admin.create({ slug: uniqueSlug('apikey'), vendor: 'glassix', settings: { apiKey: secret('in-api-key'), snippetId: 's1' }, secret: secret('apikey-ok') }),
      400,
    );
    expectProblem(await admin.update(slugs.tiledesk, { settings: { tokenTtlSeconds: secret('ttl-not-a-number') } }), 400);
    const malformed = await http.send('POST', '/v1/admin/integrations', {
      headers: ADMIN_HEADERS,
      rawBody: `{"slug":"x","secret": ${secret('malformed-json')}}`,
    });
    expectProblem(malformed, 400);
    const wrongAdminKey = `${ADMIN_KEY}-but-wrong`;
    expectProblem(await http.send('GET', '/v1/admin/integrations', { headers: { authorization: `Bearer ${wrongAdminKey}` } }), 401);
    const expired = await userToken(user.sub, { email: user.email }, '-1m');
    bearerTokens.push(expired);
    expectProblem(await http.send('POST', `/v1/identity/${slugs.glassix}`, { headers: bearer(expired) }), 401);
    const smuggled = await http.send<WidgetIdentityBody>('POST', `/v1/identity/${slugs.glassix}`, {
      headers: user.headers,
      body: { subject: { externalId: secret('body-external-id') } },
    });
    expect(smuggled.status).toBe(200);

    // Master-key rotation from an instance that has the new key.
    const second = await start(`${NEW_MASTER_KEY},${MASTER_KEY}`);
    const rotation = await second.admin.rotateMasterKey();
    expect(rotation.body).toEqual({ masterKeyId: 'k2', rewrapped: 6 });
    for (const slug of Object.values(slugs)) await issue(second.http, slug);
    expect((await second.admin.audit('?limit=500')).status).toBe(200);
    expect((await second.admin.list()).status).toBe(200);
    for (const slug of Object.values(slugs)) expect((await second.admin.secrets(slug)).status).toBe(200);

    // Positive controls: the session really used the secrets, and the logs really captured it.
    for (const { body } of issued) {
      const token = vendorToken(body);
      const verified = await Promise.all(vendorSecrets.map((candidate) => verifiesWith(token, candidate)));
      expect(verified.filter(Boolean)).toHaveLength(1);
    }
    expect(issued.length).toBeGreaterThanOrEqual(9);
    expect(logs.lines.length).toBeGreaterThan(responses.length);
    for (const response of responses) {
      expect(logs.lines.some((line) => line.includes(response.headers['x-request-id'] ?? '-'))).toBe(true);
    }

    // The sweep.
    const rawRows: Record<string, Array<Record<string, unknown>>> = {};
    const textRows: string[] = [];
    for (const table of TABLES) {
      rawRows[table] = await database.query(`SELECT * FROM chat_identity.${table}`);
      const asText: Array<{ row: string }> = await database.query(`SELECT row_to_json(t)::text AS row FROM chat_identity.${table} t`);
      textRows.push(...asText.map(({ row }) => row));
    }
    expect(rawRows.integration_secret).toHaveLength(6);
    expect(rawRows.audit_event.length).toBeGreaterThanOrEqual(12);
    const cells = Object.values(rawRows).flatMap((rows) => rows.flatMap((row) => Object.values(row)));
    const tableText = [
      ...textRows,
      ...cells.map((cell) => (Buffer.isBuffer(cell) ? cell.toString('hex') : cell instanceof Date ? cell.toISOString() : JSON.stringify(cell))),
    ].join('\n');
    const tableBytes = cells.filter((cell): cell is Buffer => Buffer.isBuffer(cell));
    expect(tableBytes).toHaveLength(6);
    const responseText = responses
      .map((response) => `${response.status} ${JSON.stringify(response.headers)} ${response.text}`)
      .join('\n');
    const logText = logs.lines.join('');

    const masterKeyBytes = [MASTER_KEY, NEW_MASTER_KEY].map((entry) => Buffer.from(entry.split(':')[1], 'base64'));
    const needles: Needle[] = [
      ...vendorSecrets.flatMap((value, index) => [
        ...encodingsOf(`secret "${secretLabels[index]}"`, value),
        ...windowsOf(`secret "${secretLabels[index]}"`, value),
      ]),
      ...encodingsOf('admin key', ADMIN_KEY),
      ...encodingsOf('wrong admin key', wrongAdminKey),
      ...masterKeyBytes.flatMap((bytes, index) => encodingsOf(`master key #${index}`, bytes)),
      ...bearerTokens.flatMap((token, index) => [
        { name: `bearer token #${index}`, text: token },
        { name: `bearer token #${index} (signature)`, text: token.split('.')[2] },
      ]),
    ];
    const found = (haystack: string): string[] => needles.filter(({ text }) => haystack.includes(text)).map(({ name }) => name);

    expect({ where: 'tables', found: found(tableText) }).toEqual({ where: 'tables', found: [] });
    expect({ where: 'logs', found: found(logText) }).toEqual({ where: 'logs', found: [] });
    expect({ where: 'responses', found: found(responseText) }).toEqual({ where: 'responses', found: [] });
    const bytesFound = vendorSecrets.filter((value) => tableBytes.some((bytes) => bytes.includes(Buffer.from(value, 'utf8'))));
    expect({ where: 'bytea cells', found: bytesFound }).toEqual({ where: 'bytea cells', found: [] });

    // And the dump was not blind: it does hold what the session wrote.
    const fingerprints = (rawRows.integration_secret as Array<{ fingerprint: string }>).map((row) => row.fingerprint);
    for (const fingerprint of fingerprints) expect(tableText).toContain(fingerprint);
    expect(tableText).toContain(user.sub);
  }, 60_000);
});
