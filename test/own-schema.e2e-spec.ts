import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatIdentityEntities, runMigrationsExclusively } from 'chat-identity';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { Column, DataSource, Entity, type MigrationInterface, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { adminApi, endUser, issueVendorToken, listen, verifiesWith } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { emptyDatabase, testDatabaseUrl } from './support/database.js';

const run = promisify(execFile);

async function sql<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const ourTables = async (url: string, schema: string): Promise<string[]> =>
  (
    await sql<{ table_name: string }>(url, 'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])
  ).map((row) => row.table_name);

describe('an installation from before the own schema (tables in public)', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await emptyDatabase('legacy');
  });
  afterAll(() => database?.dispose());

  // The columns the first migration made: a later one adds actor_role, which the old layout has not.
  const FIRST_AUDIT_COLUMNS = 'SELECT id, occurred_at, actor, action, target, details, request_id FROM chat_identity.audit_event ORDER BY id';

  it('is moved into chat_identity with its rows: same UUIDs, same secrets, same audit trail; the host table beside it stays', async () => {
    // A working installation: an integration, a user with a UUID, audit events.
    let app = await startTestApp({ DATABASE_URL: database.url });
    let http = await listen(app);
    const created = await adminApi(http).createIntegration('decimal');
    const user = await endUser('legacy');
    await issueVendorToken(http, created.slug, user);
    const [{ id: userId }] = await sql<{ id: string }>(database.url, 'SELECT id FROM chat_identity.end_user WHERE external_id = $1', [user.sub]);
    const auditBefore = await sql(database.url, FIRST_AUDIT_COLUMNS);
    await app.close();

    // ...laid out as versions before the own schema left it: the first migration's tables in public (without
    // the columns later migrations add), its record in public.migrations (TypeORM's table), and a table of
    // the host's own beside them.
    await sql(
      database.url,
      `ALTER TABLE chat_identity.integration_secret DROP COLUMN key_id, DROP COLUMN key_format;
       ALTER TABLE chat_identity.audit_event DROP CONSTRAINT ck_audit_event_actor_role, DROP COLUMN actor_role;
       DROP INDEX chat_identity.ix_audit_event_target_id, chat_identity.ix_audit_event_actor_id, chat_identity.ix_audit_event_action_id;
       ALTER TABLE chat_identity.end_user SET SCHEMA public;
       ALTER TABLE chat_identity.integration SET SCHEMA public;
       ALTER TABLE chat_identity.integration_secret SET SCHEMA public;
       ALTER TABLE chat_identity.audit_event SET SCHEMA public;
       ALTER FUNCTION chat_identity.audit_event_is_append_only() SET SCHEMA public;
       DROP SCHEMA chat_identity CASCADE;
       CREATE TABLE public.migrations (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL);
       INSERT INTO public.migrations ("timestamp", name) VALUES (1763762400000, 'InitialSchema1763762400000');
       CREATE TABLE public.orders (id serial PRIMARY KEY, total numeric NOT NULL);
       INSERT INTO public.orders (total) VALUES (42), (7);`,
    );

    app = await startTestApp({ DATABASE_URL: database.url });
    http = await listen(app);
    try {
      expect(await ourTables(database.url, 'chat_identity')).toEqual(['audit_event', 'end_user', 'integration', 'integration_secret', 'migrations']);
      expect(await ourTables(database.url, 'public')).toEqual(['migrations', 'orders']);
      expect(await sql(database.url, 'SELECT * FROM public.migrations')).toEqual([]);
      expect(await sql(database.url, 'SELECT total FROM public.orders ORDER BY id')).toEqual([{ total: '42' }, { total: '7' }]);
      expect((await sql<{ name: string }>(database.url, 'SELECT name FROM chat_identity.migrations ORDER BY id')).map((row) => row.name)).toEqual([
        'InitialSchema1763762400000',
        'MoveTablesIntoOwnSchema1796150400000',
        'IntegrationIdFromTheService1796150500000',
        'SecretKeyIds1796160000000',
        'AuditActorRole1796170000000',
        'AuditFilterIndexes1796180000000',
      ]);
      expect(await sql(database.url, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")).toEqual([]);

      // The rows came along and still work: the user keeps the UUID, the stored secret still signs.
      const token = await issueVendorToken(http, created.slug, user);
      expect(await verifiesWith(token, created.secret)).toBe(true);
      expect(await sql(database.url, 'SELECT id FROM chat_identity.end_user WHERE external_id = $1', [user.sub])).toEqual([{ id: userId }]);
      expect(await sql(database.url, FIRST_AUDIT_COLUMNS)).toEqual(auditBefore);
      // The trigger and the bigserial sequence moved with the table.
      await expect(sql(database.url, "UPDATE chat_identity.audit_event SET actor = 'mallory'")).rejects.toThrow(/append-only/);
      const rotated = await adminApi(http).addSecret(created.slug, { secret: 'the-next-decimal-secret' });
      expect(rotated.status).toBe(201);
      const [{ newest }] = await sql<{ newest: string }>(database.url, 'SELECT max(id)::text AS newest FROM chat_identity.audit_event');
      expect(BigInt(newest)).toBeGreaterThan(BigInt(String(auditBefore.at(-1)?.id)));
    } finally {
      await app.close();
    }
  });
});

describe('no migration drift: typeorm migration:generate finds nothing on a migrated database', () => {
  it('for the standalone DataSource (the CLI, as `npm run migration:generate` runs it)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'chat-identity-drift-'));
    try {
      const { stdout } = await run(
        process.execPath,
        ['node_modules/typeorm/cli.js', 'migration:generate', '-d', 'dist/src/database/data-source.js', '--check', join(out, 'Drift')],
        { env: { ...process.env, DATABASE_URL: testDatabaseUrl() }, timeout: 60_000 },
      );
      expect(stdout).toContain('No changes in database schema were found');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  describe("for a host DataSource with chat-identity's entities beside its own (and its own migrations)", () => {
    // The host's own entity, in its own schema, named like one of chat-identity's tables.
    @Entity({ name: 'integration' })
    class HostIntegration {
      @PrimaryGeneratedColumn()
      id!: number;

      @Column({ type: 'text' })
      provider!: string;
    }

    class CreateHostIntegration1700000000000 implements MigrationInterface {
      name = 'CreateHostIntegration1700000000000';
      async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "integration" ("id" SERIAL NOT NULL, "provider" text NOT NULL, CONSTRAINT "PK_host_integration" PRIMARY KEY ("id"))`);
      }
      async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "integration"`);
      }
    }

    let database: ScratchDatabase;
    let dataSource: DataSource;

    beforeAll(async () => {
      database = await emptyDatabase('host_drift');
      dataSource = await new DataSource({
        type: 'postgres',
        url: database.url,
        entities: [HostIntegration, ...chatIdentityEntities],
        migrations: [CreateHostIntegration1700000000000],
      }).initialize();
    });
    afterAll(async () => {
      await dataSource?.destroy();
      await database?.dispose();
    });

    it("applies both histories, each in its own migrations table, and generate (TypeORM's schema diff) proposes nothing", async () => {
      expect(await runMigrationsExclusively(dataSource)).toEqual([
        'InitialSchema1763762400000',
        'MoveTablesIntoOwnSchema1796150400000',
        'IntegrationIdFromTheService1796150500000',
        'SecretKeyIds1796160000000',
        'AuditActorRole1796170000000',
        'AuditFilterIndexes1796180000000',
        'CreateHostIntegration1700000000000',
      ]);
      expect((await sql<{ name: string }>(database.url, 'SELECT name FROM public.migrations')).map((row) => row.name)).toEqual([
        'CreateHostIntegration1700000000000',
      ]);
      expect(await ourTables(database.url, 'public')).toEqual(['integration', 'migrations']);
      // What `typeorm migration:generate` writes into the new migration's up() and down().
      const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
      expect({ upQueries, downQueries }).toEqual({ upQueries: [], downQueries: [] });
      // Running again applies nothing.
      expect(await runMigrationsExclusively(dataSource)).toEqual([]);
    });
  });
});
