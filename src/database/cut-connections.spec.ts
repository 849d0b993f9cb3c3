import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { reportCutConnections } from './cut-connections.js';

const dataSourceOn = (pool: EventEmitter): DataSource => ({ driver: { master: pool } }) as unknown as DataSource;

describe('reportCutConnections', () => {
  it("gives each connection an 'error' listener as the pool hands it out, once however often it is handed out", () => {
    const pool = new EventEmitter();
    const cuts: string[] = [];
    reportCutConnections(dataSourceOn(pool), (error) => cuts.push(error.message));
    const connection = new EventEmitter();
    pool.emit('acquire', connection);
    pool.emit('acquire', connection);
    // Without the listener, emitting 'error' throws: in node-postgres that is a throw from the socket's 'end', which ends the process.
    expect(() => connection.emit('error', new Error('Connection terminated unexpectedly'))).not.toThrow();
    expect(cuts).toEqual(['Connection terminated unexpectedly']);
    expect(connection.listenerCount('error')).toBe(1);
  });
});
