import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ADMIN_ACTOR,
  type AdminApi,
  adminApi,
  type AuditEventBody,
  endUser,
  expectProblem,
  type HttpClient,
  type HttpResponse,
  listen,
  newSecret,
  requestToken,
  settingsFor,
  uniqueSlug,
} from './support/admin-api.js';
import { ADMIN_KEY, startTestApp } from './support/app.js';

/** A second, named admin: the audit trail's actor filter tells the two apart. */
const OPERATOR = `olga-${randomUUID().slice(0, 8)}`;
const OPERATOR_KEY = 'audit-operator-key-0123456789abcdef';

describe('Admin API: integrations and audit', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  let database: DataSource;
  const responses: HttpResponse[] = [];

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_API_KEYS: `${ADMIN_KEY},${OPERATOR}:operator:${OPERATOR_KEY}` });
    http = await listen(app, responses);
    admin = adminApi(http);
    database = app.get(DataSource);
  });

  afterAll(() => app.close());

  const requestIdOf = (response: HttpResponse): string => {
    const id = response.headers['x-request-id'];
    if (!id) throw new Error(`no x-request-id on ${response.status} ${response.text}`);
    return id;
  };

  /** The audit events one request wrote, oldest first, without the volatile fields. */
  const auditOf = async (response: HttpResponse): Promise<Array<Omit<AuditEventBody, 'id' | 'occurredAt' | 'actorRole'>>> => {
    const events = await admin.auditFor(requestIdOf(response));
    return events.reverse().map(({ actor, action, target, details, requestId }) => ({ actor, action, target, details, requestId }));
  };

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}],
      ['a wrong admin key', { authorization: `Bearer ${ADMIN_KEY}-wrong` }],
      ['the right key under another scheme', { authorization: `Basic ${ADMIN_KEY}` }],
    ])('answers 401 problem+json with WWW-Authenticate to %s', async (_label, headers) => {
      const response = await http.send('GET', '/v1/admin/integrations', { headers });
      const problem = expectProblem(response, 401);
      expect(problem.title).toBe('Unauthorized');
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a change without credentials and writes nothing', async () => {
      const slug = uniqueSlug('unauthorized');
      const response = await http.send('POST', '/v1/admin/integrations', {
        body: { slug, vendor: 'decimal', settings: {}, secret: newSecret() },
      });
      expectProblem(response, 401);
      expectProblem(await admin.get(slug), 404);
      expect(await admin.auditFor(requestIdOf(response))).toEqual([]);
    });
  });

  describe('create', () => {
    it('answers 201 with the integration and its secret metadata, never the secret, and audits it', async () => {
      const slug = uniqueSlug('glassix');
      const secret = newSecret('create');
      const apiKey = randomUUID().toUpperCase();
      const response = await admin.create({ slug, vendor: 'glassix', settings: { apiKey, snippetId: 's1' }, secret });

      expect(response.status).toBe(201);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.body).toMatchObject({
        slug,
        vendor: 'glassix',
        enabled: true,
        settings: { apiKey: apiKey.toLowerCase(), snippetId: 's1', tokenTtlSeconds: 18000, claims: {} },
        secret: { version: 1, state: 'active', fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{16}$/) },
      });
      expect(response.text).not.toContain(secret);

      const fingerprint = response.body.secret?.fingerprint;
      expect(await auditOf(response)).toEqual([
        {
          actor: ADMIN_ACTOR,
          action: 'integration.created',
          target: `integration:${slug}`,
          details: { vendor: 'glassix', settings: ['apiKey', 'claims', 'snippetId', 'tokenTtlSeconds'], enabled: true },
          requestId: requestIdOf(response),
        },
        {
          actor: ADMIN_ACTOR,
          action: 'secret.added',
          target: `integration:${slug}`,
          details: { version: 1, fingerprint },
          requestId: requestIdOf(response),
        },
      ]);
    });

    it('creates decimal and tiledesk integrations that issue tokens', async () => {
      for (const vendor of ['decimal', 'tiledesk'] as const) {
        const { slug } = await admin.createIntegration(vendor);
        const response = await requestToken(http, slug, await endUser());
        expect({ status: response.status, vendor: response.body.vendor }).toEqual({ status: 200, vendor });
      }
    });

    it('answers 409 to a duplicate slug, keeps the first one, and audits nothing', async () => {
      const first = await admin.createIntegration('decimal');
      const duplicate = await admin.create({ slug: first.slug, vendor: 'tiledesk', settings: settingsFor('tiledesk'), secret: newSecret() });
      const problem = expectProblem(duplicate, 409);
      expect(problem.detail).toContain(first.slug);
      expect((await admin.get(first.slug)).body.vendor).toBe('decimal');
      expect(await admin.auditFor(requestIdOf(duplicate))).toEqual([]);
    });

    it('answers 400 naming the vendor field to an unknown vendor', async () => {
      const slug = uniqueSlug('unknown');
      const response = await admin.create({ slug, vendor: 'zendesk-classic', settings: {}, secret: newSecret() });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'vendor', message: expect.stringContaining('glassix') })]);
      expectProblem(await admin.get(slug), 404);
    });

    it.each([
      ['an empty secret', '', 'secret is required'],
      ['a 15-character secret', 'x'.repeat(15), 'secret must be at least 16 characters'],
      ['a secret padded with white space', ` ${newSecret()} `, 'secret must not start or end with white space'],
    ])('answers 400 with a clear message to %s, and stores nothing', async (_label, secret, message) => {
      const slug = uniqueSlug('weak');
      const response = await admin.create({ slug, vendor: 'decimal', settings: {}, secret });
      const problem = expectProblem(response, 400);
      expect(problem.detail).toBe(message);
      expect(problem.errors).toEqual([{ field: 'secret', message }]);
      expectProblem(await admin.get(slug), 404);
      expect(await admin.auditFor(requestIdOf(response))).toEqual([]);
    });

    it('answers 400 to a secret that is not a string and to a missing one', async () => {
      const notString = await admin.create({ slug: uniqueSlug('number'), vendor: 'decimal', settings: {}, secret: 1234567890123456 });
      expect(expectProblem(notString, 400).errors).toEqual([expect.objectContaining({ field: 'secret' })]);
      const missing = await admin.create({ slug: uniqueSlug('missing'), vendor: 'decimal', settings: {} });
      expect(expectProblem(missing, 400).errors).toEqual([{ field: 'secret', message: 'secret is required' }]);
    });

    it('names every missing required setting and every unknown one', async () => {
      const glassix = await admin.create({ slug: uniqueSlug('glassix'), vendor: 'glassix', settings: { colour: 'red' }, secret: newSecret() });
      const fields = expectProblem(glassix, 400).errors?.map((error) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['settings.apiKey', 'settings.snippetId', 'settings.colour']));

      const tiledesk = await admin.create({ slug: uniqueSlug('tiledesk'), vendor: 'tiledesk', settings: {}, secret: newSecret() });
      expect(expectProblem(tiledesk, 400).errors?.map((error) => error.field)).toContain('settings.projectId');
    });

    it('answers 400 to a malformed slug and to unknown body fields', async () => {
      const badSlug = await admin.create({ slug: 'Not A Slug', vendor: 'decimal', settings: {}, secret: newSecret() });
      expect(expectProblem(badSlug, 400).errors).toEqual([expect.objectContaining({ field: 'slug' })]);
      const extra = await admin.create({ slug: uniqueSlug('extra'), vendor: 'decimal', settings: {}, secret: newSecret(), owner: 'me' });
      expect(expectProblem(extra, 400).errors).toEqual([expect.objectContaining({ field: 'owner' })]);
    });

    it('answers 400 problem+json to a body that is not JSON', async () => {
      const response = await http.send('POST', '/v1/admin/integrations', { headers: { authorization: `Bearer ${ADMIN_KEY}` }, rawBody: '{"slug": ' });
      expectProblem(response, 400);
    });
  });

  describe('list, get, patch, delete', () => {
    it('lists and gets integrations with the active secret metadata only', async () => {
      const created = await admin.createIntegration('tiledesk');
      const list = await admin.list();
      expect(list.status).toBe(200);
      const listed = list.body.find((integration) => integration.slug === created.slug);
      expect(listed).toMatchObject({ vendor: 'tiledesk', enabled: true, settings: { ...settingsFor('tiledesk'), tokenTtlSeconds: 3600 } });
      expect(listed?.secret).toEqual({ version: 1, state: 'active', fingerprint: created.response.body.secret.fingerprint });

      const got = await admin.get(created.slug);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(listed);
      expect(list.text).not.toContain(created.secret);
      expect(got.text).not.toContain(created.secret);
    });

    it('answers 404 problem+json to an unknown slug on get, patch and delete', async () => {
      const slug = uniqueSlug('nobody');
      for (const response of [await admin.get(slug), await admin.update(slug, { enabled: false }), await admin.remove(slug)]) {
        expect(expectProblem(response, 404).detail).toContain(slug);
      }
    });

    it('patches settings (merged, re-validated) and the enabled flag, and audits the change', async () => {
      const { slug } = await admin.createIntegration('glassix');
      const before = (await admin.get(slug)).body;
      const response = await admin.update(slug, { settings: { snippetId: 's2', tokenTtlSeconds: 3600 } });
      expect(response.status).toBe(200);
      expect(response.body.settings).toEqual({ ...before.settings, snippetId: 's2', tokenTtlSeconds: 3600 });
      expect((await admin.get(slug)).body.settings).toEqual(response.body.settings);
      expect(await auditOf(response)).toEqual([
        {
          actor: ADMIN_ACTOR,
          action: 'integration.updated',
          target: `integration:${slug}`,
          details: { settingsChanged: ['snippetId', 'tokenTtlSeconds'], enabled: true },
          requestId: requestIdOf(response),
        },
      ]);

      const disabled = await admin.update(slug, { enabled: false });
      expect(disabled.body.enabled).toBe(false);
      expect((await auditOf(disabled)).map((event) => event.details)).toEqual([{ settingsChanged: [], enabled: false }]);
    });

    it.each([
      ['an unknown settings key', { colour: 'red' }, 'settings.colour'],
      ['an invalid value', { apiKey: 'not-a-uuid' }, 'settings.apiKey'],
      ['a required key set to null', { snippetId: null }, 'settings.snippetId'],
      ['a reserved claim mapping', { claims: { aud: 'email' } }, 'settings.claims.aud'],
    ])('rejects a patch with %s (400 naming the field) and keeps the stored settings', async (_label, settings, field) => {
      const { slug } = await admin.createIntegration('glassix');
      const before = (await admin.get(slug)).body;
      const response = await admin.update(slug, { settings });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((error) => error.field)).toContain(field);
      expect((await admin.get(slug)).body).toEqual(before);
      expect(await admin.auditFor(requestIdOf(response))).toEqual([]);
    });

    it('deletes (204, no body), then answers 404 to admin and token requests alike, and audits it', async () => {
      const { slug } = await admin.createIntegration('decimal');
      const [{ id }] = await database.query('SELECT id FROM chat_identity.integration WHERE slug = $1', [slug]);
      const response = await admin.remove(slug);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expect(response.headers['x-request-id']).toEqual(expect.any(String));

      expectProblem(await admin.get(slug), 404);
      expectProblem(await admin.secrets(slug), 404);
      expectProblem(await requestToken(http, slug, await endUser()), 404);
      expect(await database.query('SELECT 1 FROM chat_identity.integration_secret WHERE integration_id = $1', [id])).toEqual([]);
      expect(await auditOf(response)).toEqual([
        { actor: ADMIN_ACTOR, action: 'integration.deleted', target: `integration:${slug}`, details: { vendor: 'decimal' }, requestId: requestIdOf(response) },
      ]);
      expectProblem(await admin.remove(slug), 404);
    });
  });

  describe('audit trail', () => {
    it('records rotate, stage, activate and revoke with actor, target, version and request id', async () => {
      const { slug } = await admin.createIntegration('glassix');
      const target = `integration:${slug}`;
      const entry = (response: HttpResponse, action: string, details: Record<string, unknown>) => ({
        actor: ADMIN_ACTOR,
        action,
        target,
        details,
        requestId: requestIdOf(response),
      });

      const rotated = await admin.addSecret(slug, { secret: newSecret() });
      expect(rotated.status).toBe(201);
      expect(await auditOf(rotated)).toEqual([entry(rotated, 'secret.rotated', { version: 2, fingerprint: rotated.body.fingerprint })]);

      const staged = await admin.addSecret(slug, { secret: newSecret(), activate: false });
      expect(staged.status).toBe(201);
      expect(await auditOf(staged)).toEqual([entry(staged, 'secret.staged', { version: 3, fingerprint: staged.body.fingerprint })]);

      const activated = await admin.activate(slug, 3);
      expect(activated.status).toBe(200);
      expect(await auditOf(activated)).toEqual([
        entry(activated, 'secret.activated', { version: 3, fingerprint: staged.body.fingerprint, from: 'pending', to: 'active' }),
      ]);

      const revoked = await admin.revoke(slug, 2);
      expect(revoked.status).toBe(200);
      expect(await auditOf(revoked)).toEqual([
        entry(revoked, 'secret.revoked', { version: 2, fingerprint: rotated.body.fingerprint, from: 'retired', to: 'revoked' }),
      ]);

      // Repeating a transition changes nothing, so it records nothing.
      const again = await admin.activate(slug, 3);
      expect(again.status).toBe(200);
      expect(await admin.auditFor(requestIdOf(again))).toEqual([]);
    });

    it('refuses to revoke the only active version (409, audited) unless force=true (revoked, audited as forced)', async () => {
      const { slug } = await admin.createIntegration('decimal');
      const [active] = (await admin.secrets(slug)).body;
      const entry = (response: HttpResponse, action: string, details: Record<string, unknown>) => ({
        actor: ADMIN_ACTOR,
        action,
        target: `integration:${slug}`,
        details,
        requestId: requestIdOf(response),
      });

      const refused = await admin.revoke(slug, 1);
      expect(expectProblem(refused, 409).detail).toContain('?force=true');
      expect(await auditOf(refused)).toEqual([
        entry(refused, 'secret.revoke-refused', { version: 1, fingerprint: active.fingerprint, reason: 'only active version' }),
      ]);
      expect((await admin.get(slug)).body.secret).toMatchObject({ version: 1, state: 'active' });
      expect(expectProblem(await admin.revoke(slug, 1, { force: false }), 409).status).toBe(409);
      const badFlag = await http.send('POST', `/v1/admin/integrations/${slug}/secrets/1/revoke?force=yes`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(expectProblem(badFlag, 400).errors).toEqual([{ field: 'force', message: 'must be true or false' }]);

      const forced = await admin.revoke(slug, 1, { force: true });
      expect(forced.status).toBe(200);
      expect(forced.body).toMatchObject({ version: 1, state: 'revoked' });
      expect(await auditOf(forced)).toEqual([
        entry(forced, 'secret.revoked', { version: 1, fingerprint: active.fingerprint, from: 'active', to: 'revoked', force: true }),
      ]);
      expect((await admin.get(slug)).body.secret).toBeNull();
    });

    it('lists newest first and pages with limit and after', async () => {
      const { slug } = await admin.createIntegration('decimal');
      const patches: HttpResponse[] = [];
      for (const tokenTtlSeconds of [600, 900, 1200]) patches.push(await admin.update(slug, { settings: { tokenTtlSeconds } }));
      const mine = await Promise.all(patches.map(async (patch) => (await admin.auditFor(requestIdOf(patch)))[0]));
      const ids = mine.map((event) => BigInt(event.id));
      expect(ids[0] < ids[1] && ids[1] < ids[2]).toBe(true);

      const newest = await admin.audit('?limit=3');
      expect(newest.status).toBe(200);
      expect(newest.body).toHaveLength(3);

      // Walk pages of 2 from just above the newest patch's event until past the oldest one.
      const walked: AuditEventBody[] = [];
      let after = String(ids[2] + 1n);
      while (!walked.some((event) => event.id === mine[0].id)) {
        const page = await admin.audit(`?limit=2&after=${after}`);
        expect(page.status).toBe(200);
        expect(page.body.length).toBeGreaterThan(0);
        expect(page.body.length).toBeLessThanOrEqual(2);
        walked.push(...page.body);
        after = page.body[page.body.length - 1].id;
      }
      const walkedIds = walked.map((event) => BigInt(event.id));
      expect(walkedIds.every((id, index) => index === 0 || id < walkedIds[index - 1])).toBe(true);
      expect(walked[0].id).toBe(mine[2].id);
      expect(walked.filter((event) => mine.some((own) => own.id === event.id)).map((event) => event.id)).toEqual(
        [...mine].reverse().map((event) => event.id),
      );
    });

    it.each([['?limit=0'], ['?limit=501'], ['?limit=ten'], ['?after=abc'], ['?after=-1']])('answers 400 to %s', async (query) => {
      expectProblem(await admin.audit(query), 400);
    });

    it('treats an `after` beyond the bigint range as no bound (200, not a database error)', async () => {
      const { response } = await admin.createIntegration('decimal');
      const page = await admin.audit('?limit=5&after=99999999999999999999999');
      expect(page.status).toBe(200);
      expect(page.body).toHaveLength(5);
      const [own] = await admin.auditFor(requestIdOf(response));
      expect(BigInt(page.body[0].id) >= BigInt(own.id)).toBe(true);
    });

    it('is append-only in the database: UPDATE and DELETE are rejected', async () => {
      const { response } = await admin.createIntegration('decimal');
      const [event] = await admin.auditFor(requestIdOf(response));
      await expect(database.query(`UPDATE chat_identity.audit_event SET actor = 'mallory' WHERE id = $1`, [event.id])).rejects.toThrow(/append-only/);
      await expect(database.query('DELETE FROM chat_identity.audit_event WHERE id = $1', [event.id])).rejects.toThrow(/append-only/);
      const [row] = await database.query('SELECT actor FROM chat_identity.audit_event WHERE id = $1', [event.id]);
      expect(row).toEqual({ actor: ADMIN_ACTOR });
    });

    describe('filters', () => {
      const asOperator = (slug: string, body: Record<string, unknown>) =>
        admin.send<unknown>('PATCH', `/v1/admin/integrations/${encodeURIComponent(slug)}`, body, { authorization: `Bearer ${OPERATOR_KEY}` });
      const idsOf = (events: AuditEventBody[]): string[] => events.map((event) => event.id);
      /** Every event the requests wrote, newest first. */
      const eventsOf = async (...changes: HttpResponse[]): Promise<AuditEventBody[]> => {
        const events = (await Promise.all(changes.map((change) => admin.auditFor(requestIdOf(change))))).flat();
        return events.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
      };

      /** Two integrations whose changes interleave, by two admins: `mine` has 5 events (create writes 2). */
      const interleaved = async () => {
        const mine = await admin.createIntegration('glassix');
        const other = await admin.createIntegration('glassix');
        const ownChanges: HttpResponse[] = [mine.response];
        ownChanges.push(await admin.update(mine.slug, { settings: { tokenTtlSeconds: 900 } }));
        await admin.update(other.slug, { settings: { tokenTtlSeconds: 900 } });
        const byOperator = await asOperator(mine.slug, { settings: { tokenTtlSeconds: 1200 } });
        expect(byOperator.status).toBe(200);
        ownChanges.push(byOperator);
        await admin.addSecret(other.slug, { secret: newSecret(), activate: false });
        ownChanges.push(await admin.addSecret(mine.slug, { secret: newSecret(), activate: false }));
        return { mine, other, byOperator, own: await eventsOf(...ownChanges) };
      };

      it('by integration: every event on it and its secret versions, and nothing else, newest first', async () => {
        const { mine, own } = await interleaved();
        expect(own.map((event) => event.action)).toEqual(['secret.staged', 'integration.updated', 'integration.updated', 'secret.added', 'integration.created']);
        const page = await admin.audit(`?integration=${mine.slug}`);
        expect(page.status).toBe(200);
        expect(idsOf(page.body)).toEqual(idsOf(own));
        expect(new Set(page.body.map((event) => event.target))).toEqual(new Set([`integration:${mine.slug}`]));
        expect((await admin.audit(`?integration=${uniqueSlug('never-created')}`)).body).toEqual([]);
      });

      it('by actor: the exact name only', async () => {
        const { mine, byOperator } = await interleaved();
        const operators = await admin.audit(`?integration=${mine.slug}&actor=${OPERATOR}`);
        expect(operators.status).toBe(200);
        expect(operators.body.map(({ actor, actorRole, requestId }) => ({ actor, actorRole, requestId }))).toEqual([
          { actor: OPERATOR, actorRole: 'operator', requestId: requestIdOf(byOperator) },
        ]);
        expect((await admin.audit(`?integration=${mine.slug}&actor=${ADMIN_ACTOR}`)).body.map((event) => event.actor)).toEqual(Array(4).fill(ADMIN_ACTOR));
        expect((await admin.audit(`?integration=${mine.slug}&actor=${OPERATOR.slice(0, -1)}`)).body).toEqual([]);
        const everywhere = await admin.audit(`?actor=${OPERATOR}&limit=500`);
        expect(everywhere.body.length).toBeGreaterThan(0);
        expect(everywhere.body.every((event) => event.actor === OPERATOR)).toBe(true);
      });

      it('by action: the exact action only, combined with the other filters', async () => {
        const { mine, own } = await interleaved();
        const updates = await admin.audit(`?integration=${mine.slug}&action=integration.updated`);
        expect(updates.status).toBe(200);
        expect(idsOf(updates.body)).toEqual(idsOf(own.filter((event) => event.action === 'integration.updated')));
        expect(updates.body).toHaveLength(2);
        const operatorsUpdates = await admin.audit(`?integration=${mine.slug}&action=integration.updated&actor=${OPERATOR}`);
        expect(operatorsUpdates.body.map((event) => event.actor)).toEqual([OPERATOR]);
        expect((await admin.audit(`?integration=${mine.slug}&action=integration.update`)).body).toEqual([]);
        const staged = await admin.audit('?action=secret.staged&limit=20');
        expect(staged.body.length).toBeGreaterThan(0);
        expect(staged.body.every((event) => event.action === 'secret.staged')).toBe(true);
      });

      it('pages a filtered trail with limit and after, skipping the other events', async () => {
        const { mine, own } = await interleaved();
        const walked: AuditEventBody[] = [];
        let query = `?integration=${mine.slug}&limit=2`;
        for (;;) {
          const page = await admin.audit(query);
          expect(page.status).toBe(200);
          expect(page.body.length).toBeLessThanOrEqual(2);
          if (page.body.length === 0) break;
          walked.push(...page.body);
          query = `?integration=${mine.slug}&limit=2&after=${page.body[page.body.length - 1].id}`;
        }
        expect(idsOf(walked)).toEqual(idsOf(own));
      });

      it.each([
        ['an integration that is no slug', '?integration=Not_A_Slug', 'integration'],
        ['an empty integration', '?integration=', 'integration'],
        ['an empty actor', '?actor=', 'actor'],
        ['an actor over 255 characters', `?actor=${'a'.repeat(256)}`, 'actor'],
        ['two actors', '?actor=ana&actor=vic', 'actor'],
        ['an action that is no dotted name', '?action=DROP%20TABLE', 'action'],
        ['an action of one word', '?action=secret', 'action'],
      ])('answers 400 problem+json naming the field to %s', async (_label, query, field) => {
        const { errors = [] } = expectProblem(await admin.audit(query), 400);
        expect(new Set(errors.map((problem) => problem.field))).toEqual(new Set([field]));
      });
    });
  });

  // Runs last: it sweeps the responses of every test above.
  it('put an x-request-id on every response of this spec, and the request id into every problem body', () => {
    expect(responses.length).toBeGreaterThan(50);
    const missing = responses.filter((response) => !response.headers['x-request-id']).map((response) => `${response.status} ${response.text}`);
    expect(missing).toEqual([]);
    const problems = responses.filter((response) => response.status >= 400);
    expect(problems.length).toBeGreaterThan(10);
    for (const response of problems) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect((response.body as { requestId?: string }).requestId).toBe(response.headers['x-request-id']);
    }
  });
});
