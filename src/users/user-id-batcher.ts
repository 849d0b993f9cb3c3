import { randomUUID } from 'node:crypto';
import type { EndUserEntity } from './entities/end-user.entity.js';
import type { UserProfile } from './user-profile.js';

/** Runs one statement on a pooled connection; `name` makes Postgres parse and plan it once per connection. */
export type RunStatement = (statement: { name?: string; text: string; values: unknown[] }) => Promise<EndUserEntity[]>;

const USER_COLUMNS = `id, external_id AS "externalId", email, phone, display_name AS "displayName", created_at AS "createdAt", updated_at AS "updatedAt"`;
/** 5 parameters a user: 500 in all, far below Postgres's 65,535. */
const MAX_BATCH = 100;
const FIELDS_PER_USER = 5;

/**
 * The new rows, or the stored ones, of `count` users in one statement: $1..$5 the first user's fresh UUID,
 * external id, email, phone and display name, $6..$10 the second's, ... ON CONFLICT makes simultaneous
 * first requests create one row; a known user's row is read, not written.
 */
function insertOrFindUsers(table: string, count: number): string {
  const rows = Array.from({ length: count }, (_, user) => `(${Array.from({ length: FIELDS_PER_USER }, (_, field) => `$${user * FIELDS_PER_USER + field + 1}`).join(', ')})`);
  const externalIds = Array.from({ length: count }, (_, user) => `$${user * FIELDS_PER_USER + 2}`);
  return `
  WITH inserted AS (
    INSERT INTO ${table} (id, external_id, email, phone, display_name)
    VALUES ${rows.join(', ')}
    ON CONFLICT (external_id) DO NOTHING
    RETURNING ${USER_COLUMNS}
  )
  SELECT * FROM inserted
  UNION ALL
  SELECT ${USER_COLUMNS} FROM ${table} WHERE external_id IN (${externalIds.join(', ')})`;
}

interface Waiting {
  profile: UserProfile;
  settle: Array<{ resolve: (row: EndUserEntity | undefined) => void; reject: (error: unknown) => void }>;
}

/**
 * First sights of users that arrive in one event-loop turn, created or read in one multi-row statement
 * instead of one round trip each. Requests for the same user share one place in the batch.
 * When the table refuses a value of a batch, its users go again one by one, so only that user's request fails.
 * A batch of one is the named single-row statement (planned once per connection); larger batches are
 * planned with their values, so a plan cached while the table was small never turns into a scan.
 */
export class UserIdBatcher {
  private waiting = new Map<string, Waiting>();
  private readonly singleUser: string;

  constructor(
    private readonly table: string,
    private readonly run: RunStatement,
  ) {
    this.singleUser = insertOrFindUsers(table, 1);
  }

  /** The user's row, new or stored; undefined when another request inserted it after this statement's snapshot. */
  insertOrFind(profile: UserProfile): Promise<EndUserEntity | undefined> {
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) setImmediate(() => this.flush());
      const waiting = this.waiting.get(profile.externalId);
      if (waiting) waiting.settle.push({ resolve, reject });
      else this.waiting.set(profile.externalId, { profile, settle: [{ resolve, reject }] });
    });
  }

  private flush(): void {
    const users = [...this.waiting.values()];
    this.waiting = new Map();
    for (let start = 0; start < users.length; start += MAX_BATCH) void this.runBatch(users.slice(start, start + MAX_BATCH));
  }

  private async runBatch(users: Waiting[]): Promise<void> {
    const values = users.flatMap(({ profile }) => [randomUUID(), profile.externalId, profile.email ?? null, profile.phone ?? null, profile.name ?? null]);
    let rows: EndUserEntity[];
    try {
      rows =
        users.length === 1
          ? await this.run({ name: 'chat-identity.insert-or-find-user', text: this.singleUser, values })
          : await this.run({ text: insertOrFindUsers(this.table, users.length), values });
    } catch (error) {
      // One profile the table refuses (a value too long) must not refuse the others: each goes again alone.
      // A database that is away refuses them all at once, without a retry each.
      if (users.length > 1 && refusedValue(error)) await Promise.all(users.map((user) => this.runBatch([user])));
      else for (const user of users) for (const { reject } of user.settle) reject(error);
      return;
    }
    // Inserted rows come first: after a concurrent erasure the snapshot may also show the erased one.
    const byExternalId = new Map<string, EndUserEntity>();
    for (const row of rows) if (!byExternalId.has(row.externalId)) byExternalId.set(row.externalId, row);
    for (const user of users) for (const { resolve } of user.settle) resolve(byExternalId.get(user.profile.externalId));
  }
}

/** Postgres refused a value (SQLSTATE class 22, data exception, or 23, integrity constraint), not the connection. */
function refusedValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
