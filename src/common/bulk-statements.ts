import type { PoolClient, QueryConfig, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/** A bulk statement (10,000 rows of an import) may take far longer than the pool's per-statement timeout. */
const BULK_STATEMENT_TIMEOUT_MS = 300_000;

export type BulkQuery = <R extends QueryResultRow>(text: string, values: unknown[]) => Promise<R[]>;

/**
 * Runs statements of the caller's transaction with a generous timeout of their own, on the server
 * (`SET LOCAL statement_timeout`) and in the client (node-postgres' per-query `query_timeout`):
 * the pool's short timeouts keep the hot path bounded when the database hangs, not admin bulk work.
 */
export async function bulkStatements(manager: EntityManager): Promise<BulkQuery> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('bulk statements run inside a transaction');
  const client = (await manager.queryRunner.connect()) as PoolClient;
  await client.query(`SET LOCAL statement_timeout = ${BULK_STATEMENT_TIMEOUT_MS}`);
  return async <R extends QueryResultRow>(text: string, values: unknown[]): Promise<R[]> => {
    const query: QueryConfig & { query_timeout: number } = { text, values, query_timeout: BULK_STATEMENT_TIMEOUT_MS };
    return (await client.query<R>(query)).rows;
  };
}
