import type { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';

interface ConnectionPool {
  on(event: 'acquire', listener: (connection: EventEmitter) => void): unknown;
}

/**
 * node-postgres emits 'error' on a checked-out connection that is cut while no query runs on it, and
 * TypeORM (like any `await pool.connect()`) attaches its listener only once a promise has resolved, after
 * the socket's end has already been handled. An 'error' with no listener throws, and would end the
 * process: so each connection gets `onCut` as the pool first hands it out. Queries on it still fail as
 * before, and the pool still drops it.
 */
export function reportCutConnections(dataSource: DataSource, onCut: (error: Error) => void): void {
  const pool = (dataSource.driver as unknown as { master?: ConnectionPool }).master;
  const reporting = new WeakSet<EventEmitter>();
  pool?.on('acquire', (connection) => {
    if (reporting.has(connection)) return;
    reporting.add(connection);
    connection.on('error', onCut);
  });
}
