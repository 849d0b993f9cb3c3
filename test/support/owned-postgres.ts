import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { freePort } from '../../src/database/tcp-port.js';

/** A PostgreSQL this test may break: embedded, on a free loopback port, in a temporary folder, never the shared one. */
export interface OwnedPostgres {
  /** The database given at start. */
  url: string;
  /** Another (empty, unmigrated) database on the same server. */
  createDatabase(name: string): Promise<string>;
  /** Shuts the server down (fast shutdown: connections are cut) / starts it again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT to the postmaster and every backend: a hung server that keeps its sockets open. */
  freeze(): Promise<void>;
  thaw(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startOwnedPostgres(databaseName: string): Promise<OwnedPostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chat-identity-owned-pg-'));
  const server: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, port: await freePort(), databaseName, persistent: true });
  let running = true;
  let frozen: number[] = [];
  const urlOf = (name: string): string => {
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const signal = (pids: number[], name: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // Gone meanwhile (a backend that ended): nothing to stop or resume.
      }
    }
  };
  return {
    url: server.url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async stop() {
      await server.stop();
      running = false;
    },
    async start() {
      await server.start();
      running = true;
    },
    async freeze() {
      // The postmaster first: stopped, it forks no backend that could escape the freeze while /proc is read.
      const postmaster = await postmasterOf(server.clusterDir);
      signal([postmaster], 'SIGSTOP');
      frozen = [postmaster, ...(await childrenOf(postmaster))];
      signal(frozen.slice(1), 'SIGSTOP');
    },
    async thaw() {
      signal(frozen, 'SIGCONT');
      frozen = [];
    },
    async dispose() {
      signal(frozen, 'SIGCONT');
      if (running) await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The postmaster's pid: the first line of postmaster.pid. */
async function postmasterOf(clusterDir: string): Promise<number> {
  return Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

/** The processes whose parent is `pid`, read from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command (in parentheses, which may hold spaces): state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) children.push(Number(entry));
  }
  return children;
}
