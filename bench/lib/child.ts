import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a server child tells the bench once it listens. */
export interface ListeningMessage {
  port: number;
}

/**
 * Tells the parent (over the fork IPC channel) which loopback port the server took, and stops it
 * cleanly on SIGTERM, or at once when the parent goes away, so no child outlives the bench.
 */
export function announceListening(server: Server, close: () => Promise<unknown>): void {
  const { port } = server.address() as AddressInfo;
  const stop = (): void => {
    const exit = (): never => process.exit(0);
    close().then(exit, exit);
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send?.({ port } satisfies ListeningMessage);
}

/** A JSON-valued environment variable the parent set for this child. */
export function environmentJson<T>(name: string): T {
  const raw = process.env[name];
  if (raw === undefined) throw new Error(`${name} is not set: start this file through bench/run`);
  return JSON.parse(raw) as T;
}
