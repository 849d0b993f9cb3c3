import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { testDatabaseUrl } from '../../test/support/database.js';
import { CommittedChanges } from './committed-changes.js';

/** Against this run's PostgreSQL: the writing instance hears of its changes at the commit, and never of a rolled-back one. */
describe('CommittedChanges', () => {
  let dataSource: DataSource;
  const heard: string[] = [];
  const changes = new CommittedChanges<string>((change) => heard.push(change));

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: testDatabaseUrl() }).initialize();
    changes.attach(dataSource);
  });

  afterAll(async () => {
    changes.detach(dataSource);
    await dataSource?.destroy();
  });

  it('delivers the changes of a transaction once it commits, before the transaction returns', async () => {
    heard.length = 0;
    await dataSource.transaction(async (manager) => {
      changes.add(manager, 'first');
      await manager.query('SELECT 1');
      changes.add(manager, 'second');
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['first', 'second']);
  });

  it('drops the changes of a transaction that rolls back', async () => {
    heard.length = 0;
    await expect(
      dataSource.transaction(async (manager) => {
        changes.add(manager, 'never');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await dataSource.transaction(async (manager) => changes.add(manager, 'next'));
    expect(heard).toEqual(['next']);
  });

  it('delivers at once a change made outside a transaction', () => {
    heard.length = 0;
    changes.add(dataSource.manager, 'now');
    expect(heard).toEqual(['now']);
  });

  it('hears nothing once detached', async () => {
    heard.length = 0;
    changes.detach(dataSource);
    await dataSource.transaction(async (manager) => changes.add(manager, 'unheard'));
    changes.attach(dataSource);
    expect(heard).toEqual([]);
  });
});
