import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

/**
 * Hands the changes published in a transaction to `deliver` once that transaction commits, and drops
 * them if it rolls back: the writing instance hears of its own changes at the commit, as soon as its
 * caller does, instead of when Postgres echoes the NOTIFY back (other instances still hear the NOTIFY).
 */
export class CommittedChanges<Change> implements EntitySubscriberInterface {
  private readonly pending = new WeakMap<QueryRunner, Change[]>();

  constructor(private readonly deliver: (change: Change) => void) {}

  attach(dataSource: DataSource): void {
    dataSource.subscribers.push(this);
  }

  detach(dataSource: DataSource): void {
    const index = dataSource.subscribers.indexOf(this);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  }

  /** A change published outside a transaction is committed already. */
  add(manager: EntityManager, change: Change): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.deliver(change);
      return;
    }
    this.pending.set(runner, [...(this.pending.get(runner) ?? []), change]);
  }

  // A savepoint's commit or rollback leaves the outer transaction active: its changes wait for the outer one.
  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive) return;
    const changes = this.pending.get(queryRunner) ?? [];
    this.pending.delete(queryRunner);
    for (const change of changes) this.deliver(change);
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) this.pending.delete(queryRunner);
  }
}
