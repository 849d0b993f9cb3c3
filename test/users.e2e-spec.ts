import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { StableUser } from '../src/users/user-profile.js';
import { UsersExceptionCode } from '../src/users/users.exception.js';
import { UserImportService } from '../src/users/import/user-import.service.js';
import { UsersService } from '../src/users/users.service.js';
import { startTestApp } from './support/app.js';

describe('UsersService against PostgreSQL', () => {
  let app: NestFastifyApplication;
  let users: UsersService;
  let importer: UserImportService;
  let database: DataSource;

  beforeAll(async () => {
    app = await startTestApp();
    users = app.get(UsersService);
    importer = app.get(UserImportService);
    database = app.get(DataSource);
  });

  afterAll(() => app.close());

  const rowsFor = async (externalId: string): Promise<Array<{ id: string }>> =>
    database.query('SELECT id FROM chat_identity.end_user WHERE external_id = $1', [externalId]);

  it('gives 200 simultaneous first requests for one user exactly one row and one UUID', async () => {
    const externalId = `concurrent-${randomUUID()}`;
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => users.resolve({ externalId })));
    const failures = results.filter((result) => result.status === 'rejected');
    expect(failures).toEqual([]);
    const ids = new Set(results.map((result) => (result as PromiseFulfilledResult<StableUser>).value.userId));
    expect(ids.size).toBe(1);
    const rows = await rowsFor(externalId);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe([...ids][0]);
    expect([...ids][0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives simultaneous first sights of different users, awkward ids included, a row and a UUID each, stored as given', async () => {
    const run = randomUUID();
    const awkward = ['NULL', '', ' spaced ', 'quote"d', "apo'strophe", 'comma,brace{}', 'back\\slash', 'ünïcødé 🙂', 'x'.repeat(200)];
    const externalIds = [...awkward.map((id) => `${id}-${run}`), ...Array.from({ length: 150 }, (_, n) => `storm-${run}-${n}`)];
    const profiles = externalIds.map((externalId, n) => ({ externalId, email: `u${n}@example.com`, name: n % 3 ? `User ${n}` : undefined }));
    const known = await users.resolve(profiles[10]);
    const resolved = await Promise.all(profiles.map((profile) => users.resolve(profile)));
    expect(resolved.map((user) => user.externalId)).toEqual(externalIds);
    expect(new Set(resolved.map((user) => user.userId)).size).toBe(externalIds.length);
    expect(resolved[10].userId).toBe(known.userId);
    const stored: Array<{ id: string; external_id: string; email: string; display_name: string | null }> = await database.query(
      'SELECT id, external_id, email, display_name FROM chat_identity.end_user WHERE external_id = ANY($1)',
      [externalIds],
    );
    expect(stored).toHaveLength(externalIds.length);
    for (const [n, user] of resolved.entries()) {
      expect(stored.find((row) => row.external_id === externalIds[n])).toEqual({
        id: user.userId,
        external_id: externalIds[n],
        email: `u${n}@example.com`,
        display_name: n % 3 ? `User ${n}` : null,
      });
    }
  });

  it('still creates the other users of a burst when one profile cannot be stored', async () => {
    const run = randomUUID();
    const tooLongPhone = { externalId: `bad-phone-${run}`, phone: `+1${'5'.repeat(40)}` };
    const others = Array.from({ length: 5 }, (_, n) => ({ externalId: `with-bad-${run}-${n}` }));
    const results = await Promise.allSettled([tooLongPhone, ...others].map((profile) => users.resolve(profile)));
    expect(results[0].status).toBe('rejected');
    expect(results.slice(1).map((result) => result.status)).toEqual(others.map(() => 'fulfilled'));
    expect(await rowsFor(tooLongPhone.externalId)).toEqual([]);
    for (const other of others) expect(await rowsFor(other.externalId)).toHaveLength(1);
  });

  it('keeps the UUID when email, name or phone change, and stores the change', async () => {
    const externalId = `profile-${randomUUID()}`;
    const first = await users.resolve({ externalId, email: 'old@example.com', name: 'Old' });
    const second = await users.resolve({ externalId, email: 'new@example.com', name: 'New', phone: '+14155550123' });
    expect(second.userId).toBe(first.userId);
    const stored = await users.findByExternalId(externalId);
    expect(stored).toMatchObject({ userId: first.userId, email: 'new@example.com', name: 'New', phone: '+14155550123' });
  });

  it('finds users by email, case-insensitively', async () => {
    const externalId = `email-${randomUUID()}`;
    const user = await users.resolve({ externalId, email: `Mixed.${externalId}@Example.com` });
    const found = await users.findByEmail(`mixed.${externalId}@example.com`);
    expect(found.map((candidate) => candidate.userId)).toEqual([user.userId]);
  });

  it('erases a user, audited in the same transaction; the next request gets a new UUID', async () => {
    const externalId = `erase-${randomUUID()}`;
    const before = await users.resolve({ externalId });
    expect((await users.erase(externalId))?.userId).toBe(before.userId);
    expect(await rowsFor(externalId)).toEqual([]);
    const after = await users.resolve({ externalId });
    expect(after.userId).not.toBe(before.userId);
    // A host's own code that names nobody, then one that does.
    await users.erase(externalId, { actor: 'support-agent-7', requestId: 'req-erase-2' });
    const audited: Array<{ actor: string; details: Record<string, unknown>; request_id: string }> = await database.query(
      `SELECT actor, details, request_id FROM chat_identity.audit_event WHERE action = 'user.erased' AND target = $1 ORDER BY id`,
      [`user:${externalId}`],
    );
    expect(audited.map(({ actor, details }) => ({ actor, details }))).toEqual([
      { actor: 'host-application', details: { externalId, userId: before.userId } },
      { actor: 'support-agent-7', details: { externalId, userId: after.userId } },
    ]);
    expect(audited[1].request_id).toBe('req-erase-2');
  });

  it.each([
    ['an empty external id', ''],
    ['an external id over 255 characters', 'x'.repeat(256)],
  ])('rejects %s with a validation error', async (_label, externalId) => {
    await expect(users.resolve({ externalId })).rejects.toMatchObject({ code: UsersExceptionCode.InvalidInput });
  });

  describe('bulk import', () => {
    it('imports pairs, is idempotent, and keeps the given UUIDs (lower-cased)', async () => {
      const pairs = Array.from({ length: 50 }, (_, index) => ({ externalId: `import-${randomUUID()}-${index}`, uuid: randomUUID().toUpperCase() }));
      expect(await importer.importMappings(pairs)).toEqual({ inserted: 50, alreadyPresent: 0 });
      expect(await importer.importMappings(pairs)).toEqual({ inserted: 0, alreadyPresent: 50 });
      const resolved = await users.resolve({ externalId: pairs[7].externalId });
      expect(resolved.userId).toBe(pairs[7].uuid.toLowerCase());
    });

    it('rejects the whole batch when one pair contradicts a stored mapping', async () => {
      const existing = await users.resolve({ externalId: `taken-${randomUUID()}` });
      const fresh = { externalId: `fresh-${randomUUID()}`, uuid: randomUUID() };
      const contradiction = { externalId: existing.externalId, uuid: randomUUID() };
      await expect(importer.importMappings([fresh, contradiction])).rejects.toMatchObject({
        code: UsersExceptionCode.MappingConflict,
        details: { errors: [expect.objectContaining({ field: existing.externalId })] },
      });
      expect(await rowsFor(fresh.externalId)).toEqual([]);
    });

    it('rejects a UUID already held by another user', async () => {
      const existing = await users.resolve({ externalId: `holder-${randomUUID()}` });
      await expect(importer.importMappings([{ externalId: `thief-${randomUUID()}`, uuid: existing.userId }])).rejects.toMatchObject({
        code: UsersExceptionCode.MappingConflict,
      });
    });

    it.each([
      ['a malformed UUID', { externalId: 'ok', uuid: 'not-a-uuid' }, 'rows[0].uuid'],
      ['an empty external id', { externalId: '', uuid: randomUUID() }, 'rows[0].externalId'],
      ['an over-long external id', { externalId: 'x'.repeat(256), uuid: randomUUID() }, 'rows[0].externalId'],
    ])('names %s as a field problem', async (_label, pair, field) => {
      await expect(importer.importMappings([pair])).rejects.toMatchObject({
        code: UsersExceptionCode.InvalidInput,
        details: { errors: [expect.objectContaining({ field })] },
      });
    });

    it('imports 100k pairs in one call, in well under a minute', async () => {
      const prefix = `bulk-${randomUUID()}`;
      const pairs = Array.from({ length: 100_000 }, (_, index) => ({ externalId: `${prefix}-${index}`, uuid: randomUUID() }));
      const report = await importer.importMappings(pairs);
      expect(report).toEqual({ inserted: 100_000, alreadyPresent: 0 });
      const [{ count }] = await database.query('SELECT count(*)::int AS count FROM chat_identity.end_user WHERE external_id LIKE $1', [`${prefix}-%`]);
      expect(count).toBe(100_000);
    }, 60_000);
  });
});
