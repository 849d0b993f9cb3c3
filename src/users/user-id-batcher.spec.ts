import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { testDatabaseUrl } from '../../test/support/database.js';
import type { EndUserEntity } from './entities/end-user.entity.js';
import { type RunStatement, UserIdBatcher } from './user-id-batcher.js';

const TABLE = '"chat_identity"."end_user"';
const LOWER_OR_UPPER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('UserIdBatcher, on the migrated database', () => {
  let pool: pg.Pool;
  /** Every statement the batcher ran, in order. */
  let statements: Array<{ name?: string; users: number }>;
  let batcher: UserIdBatcher;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
    const run: RunStatement = async (statement) => {
      statements.push({ name: statement.name, users: statement.values.length / 5 });
      return (await pool.query<EndUserEntity>(statement)).rows;
    };
    batcher = new UserIdBatcher(TABLE, run);
  });

  afterAll(() => pool.end());

  const subs = (count: number, label: string): string[] => Array.from({ length: count }, (_, n) => `batch-${label}-${randomUUID()}-${n}`);
  const rowsOf = async (externalIds: string[]): Promise<Array<{ id: string; external_id: string }>> =>
    (await pool.query<{ id: string; external_id: string }>(`SELECT id, external_id FROM ${TABLE} WHERE external_id = ANY($1)`, [externalIds])).rows;

  it('creates the first sights of one event-loop turn in one statement, one row and one UUID each', async () => {
    statements = [];
    const externalIds = subs(40, 'turn');
    const rows = await Promise.all(externalIds.map((externalId) => batcher.insertOrFind({ externalId, email: `${externalId}@example.com` })));
    expect(statements).toEqual([{ name: undefined, users: 40 }]);
    expect(rows.map((row) => row?.externalId)).toEqual(externalIds);
    expect(rows.every((row) => LOWER_OR_UPPER_UUID.test(row!.id))).toBe(true);
    expect(new Set(rows.map((row) => row!.id)).size).toBe(40);
    const stored = await rowsOf(externalIds);
    expect(new Map(stored.map((row) => [row.external_id, row.id]))).toEqual(new Map(rows.map((row) => [row!.externalId, row!.id])));
  });

  it('gives 50 simultaneous first requests of one user one place in the batch and one UUID', async () => {
    statements = [];
    const [externalId] = subs(1, 'same');
    const rows = await Promise.all(Array.from({ length: 50 }, () => batcher.insertOrFind({ externalId })));
    expect(statements).toEqual([{ name: 'chat-identity.insert-or-find-user', users: 1 }]);
    expect(new Set(rows.map((row) => row?.id)).size).toBe(1);
    expect(await rowsOf([externalId])).toEqual([{ id: rows[0]!.id, external_id: externalId }]);
  });

  it('reads known users in a batch with new ones, and keeps their UUIDs', async () => {
    const known = subs(3, 'known');
    const first = await Promise.all(known.map((externalId) => batcher.insertOrFind({ externalId })));
    statements = [];
    const fresh = subs(3, 'fresh');
    const again = await Promise.all([...known, ...fresh].map((externalId) => batcher.insertOrFind({ externalId })));
    expect(statements).toEqual([{ name: undefined, users: 6 }]);
    expect(again.slice(0, 3).map((row) => row!.id)).toEqual(first.map((row) => row!.id));
    expect((await rowsOf([...known, ...fresh])).length).toBe(6);
  });

  it('splits a turn with more first sights than one statement takes', async () => {
    statements = [];
    const externalIds = subs(230, 'wide');
    const rows = await Promise.all(externalIds.map((externalId) => batcher.insertOrFind({ externalId })));
    expect(statements.map((statement) => statement.users)).toEqual([100, 100, 30]);
    expect(new Set(rows.map((row) => row!.id)).size).toBe(230);
  });

  it('refuses only the user the table refuses: a failed batch goes again user by user', async () => {
    statements = [];
    const [tooLong, ...others] = subs(3, 'one-bad');
    const outcomes = await Promise.allSettled([
      batcher.insertOrFind({ externalId: tooLong, phone: `+1${'5'.repeat(40)}` }),
      ...others.map((externalId) => batcher.insertOrFind({ externalId })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(statements.map((statement) => statement.users)).toEqual([3, 1, 1, 1]);
    expect((await rowsOf([tooLong, ...others])).map((row) => row.external_id).sort()).toEqual([...others].sort());
  });

  it('refuses every request of a batch at once when the database is away, and the next turn starts afresh', async () => {
    let calls = 0;
    const failing = new UserIdBatcher(TABLE, () => {
      calls += 1;
      return Promise.reject(new Error('connection lost'));
    });
    const outcomes = await Promise.allSettled(subs(3, 'failing').map((externalId) => failing.insertOrFind({ externalId })));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(calls).toBe(1);
    const [externalId] = subs(1, 'after');
    expect((await batcher.insertOrFind({ externalId }))?.externalId).toBe(externalId);
  });
});
