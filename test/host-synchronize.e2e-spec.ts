import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chatIdentityEntities, runMigrationsExclusively } from 'chat-identity';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ScratchDatabase } from '../src/database/scratch-database.js';
import { setChatIdentityTablesSynchronized } from '../src/entities.js';
import { emptyDatabase } from './support/database.js';

/** One of the host's own entities, the kind `synchronize: true` is there for. */
@Entity({ name: 'host_note' })
class HostNote {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  text!: string;
}

const tablesOf = async (dataSource: DataSource): Promise<string[]> =>
  (
    (await dataSource.query(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_schema IN ('public', 'chat_identity') ORDER BY 1`,
    )) as Array<{ name: string }>
  ).map((row) => row.name);

describe('a host DataSource with synchronize: true, on a fresh database', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    database = await emptyDatabase('host_synchronize');
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.dispose();
  });

  it("synchronizes the host's entities and leaves chat-identity's tables to its migrations", async () => {
    dataSource = new DataSource({ type: 'postgres', url: database.url, synchronize: true, entities: [HostNote, ...chatIdentityEntities] });
    await dataSource.initialize();
    expect(await tablesOf(dataSource)).toEqual(['public.host_note']);

    await runMigrationsExclusively(dataSource);
    expect(await tablesOf(dataSource)).toEqual(
      expect.arrayContaining(['chat_identity.audit_event', 'chat_identity.end_user', 'chat_identity.integration', 'chat_identity.integration_secret', 'public.host_note']),
    );
    const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM chat_identity.migrations')) as Array<{ count: number }>;
    expect(count).toBeGreaterThan(0);
  });

  it("still lets the migration CLI diff chat-identity's entities (they match its migrations)", async () => {
    await dataSource!.destroy();
    setChatIdentityTablesSynchronized(true);
    try {
      dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [HostNote, ...chatIdentityEntities] });
      await dataSource.initialize();
      const builder = dataSource.driver.createSchemaBuilder();
      expect((await builder.log()).upQueries.map((query) => query.query)).toEqual([]);
      await dataSource.query('ALTER TABLE chat_identity.integration DROP COLUMN enabled');
      expect((await builder.log()).upQueries.map((query) => query.query).join('\n')).toContain('"enabled"');
    } finally {
      setChatIdentityTablesSynchronized(false);
    }
  });
});
