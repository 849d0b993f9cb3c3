import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { InjectResolvedOptions } from '../chat-identity.constants.js';
import type { ChangeFeedOptions, ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import type { CacheStaleness } from '../common/read-through-cache.js';
import { reportCutConnections } from '../database/cut-connections.js';
import { CommittedChanges } from './committed-changes.js';

/** `user`: key = external id (cached UUID); `user-erased`: key = the erased UUID (vendor caches). */
export type ChangeTopic = 'integration' | 'secret' | 'user' | 'user-erased';

const TOPICS: ReadonlySet<string> = new Set<ChangeTopic>(['integration', 'secret', 'user', 'user-erased']);

type ChangeHandler = (key: string) => void;

interface Change {
  topic: ChangeTopic;
  key: string;
}

/** A cache kept fresh by the feed: told when notifications may be missed, and when they flow again. */
export interface ChangeFeedFollower {
  readonly name: string;
  feedLost(): void;
  feedRestored(): void;
  staleness(): CacheStaleness;
}

export type ChangeFeedState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** The feed's health and what its caches serve unconfirmed (readiness, metrics). */
export interface ChangeFeedStatus {
  state: ChangeFeedState;
  /** When the feed entered this state. */
  since: Date;
  /** Failed attempts to listen since the feed was last live. */
  reconnectAttempts: number;
  /** Notifications that were not a change this service knows, since start. */
  ignoredNotifications: number;
  caches: Record<string, CacheStaleness>;
}

const CHANNEL = 'chat_identity_changes';
/** A notification payload is at most 8000 bytes in Postgres; keys are ids and slugs. */
const MAX_KEY_LENGTH = 4096;

interface PgPool {
  connect(): Promise<PoolClient>;
}

/**
 * Tells every instance on the same database that cached data changed. `publish` runs inside the
 * writer's transaction, so Postgres delivers the NOTIFY only if and when the change commits; the
 * writing instance's own subscribers hear of it at the commit already (CommittedChanges).
 * While the listening connection is down (lost, or silent: a heartbeat notices a hung server) its
 * followers serve what they hold as unconfirmed; it reconnects with exponential backoff, and once it
 * listens again they reload on next use.
 */
@Injectable()
export class ChangeFeedService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeFeedService.name);
  private readonly options: ChangeFeedOptions;
  private readonly handlers = new Map<ChangeTopic, ChangeHandler[]>();
  private readonly followers: ChangeFeedFollower[] = [];
  private readonly committed: CommittedChanges<Change>;
  private client?: PoolClient;
  private state: ChangeFeedState = 'connecting';
  private since = new Date();
  private reconnectAttempts = 0;
  private ignoredNotifications = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectResolvedOptions() moduleOptions: ResolvedChatIdentityOptions,
  ) {
    this.options = moduleOptions.changeFeed;
    this.committed = new CommittedChanges<Change>((change) => this.deliver(change.topic, change.key));
  }

  /** `onChange(key)` for each change of `topic`; a `follower` also learns when changes may have been missed. */
  subscribe(topic: ChangeTopic, onChange: ChangeHandler, follower?: ChangeFeedFollower): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), onChange]);
    if (!follower) return;
    this.followers.push(follower);
    if (this.state !== 'live') follower.feedLost();
  }

  async publish(manager: EntityManager, topic: ChangeTopic, key: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ topic, key })]);
    this.committed.add(manager, { topic, key });
  }

  status(): ChangeFeedStatus {
    return {
      state: this.state,
      since: this.since,
      reconnectAttempts: this.reconnectAttempts,
      ignoredNotifications: this.ignoredNotifications,
      caches: Object.fromEntries(this.followers.map((follower) => [follower.name, follower.staleness()])),
    };
  }

  /** The first attempt is awaited, so a healthy start is live before the first request; a failed one retries in the background. */
  async onModuleInit(): Promise<void> {
    this.committed.attach(this.dataSource);
    // This module borrows from the host's pool: a connection cut between checkout and its user's listener must not end the process.
    reportCutConnections(this.dataSource, (error) => this.logger.debug(`A database connection was cut while checked out (${messageOf(error)})`));
    await this.listen();
  }

  // Before TypeORM ends its pool, which would otherwise wait for this borrowed connection.
  async beforeApplicationShutdown(): Promise<void> {
    this.committed.detach(this.dataSource);
    this.enter('stopped');
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      await withTimeout(client.query(`UNLISTEN ${CHANNEL}`), this.options.heartbeatTimeoutMs).catch(() => undefined);
      client.release();
    }
  }

  private async listen(): Promise<void> {
    let client: PoolClient | undefined;
    try {
      client = await this.pool().connect();
      const listening = client;
      listening.on('notification', (message) => this.dispatch(message.payload));
      listening.on('error', (error) => this.lose(listening, error));
      await withTimeout(listening.query(`LISTEN ${CHANNEL}`), this.options.heartbeatTimeoutMs);
    } catch (error) {
      if (client) this.discard(client, error);
      this.retryLater(error);
      return;
    }
    if (this.state === 'stopped') {
      client.release();
      return;
    }
    if (this.state === 'reconnecting') this.logger.log(`Change feed listening again after ${this.reconnectAttempts} failed attempt(s)`);
    this.client = client;
    this.reconnectAttempts = 0;
    this.enter('live');
    for (const follower of this.followers) follower.feedRestored();
    this.scheduleHeartbeat(client);
  }

  private pool(): PgPool {
    // The listener borrows one connection from the host's own pool rather than opening another.
    const pool = (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!pool) throw new Error('the data source is not connected yet');
    return pool;
  }

  private dispatch(payload: string | undefined): void {
    const change = parseChange(payload);
    if (!change) {
      this.ignoredNotifications += 1;
      // The length only: a payload is not ours to print, and may carry anyone's data.
      this.logger.warn(`Ignored a notification on ${CHANNEL} that is not a known change (${payload?.length ?? 0} characters)`);
      return;
    }
    this.deliver(change.topic, change.key);
  }

  private deliver(topic: ChangeTopic, key: string): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(key);
      } catch (error) {
        this.logger.error(`A ${topic} change handler failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** `SELECT 1` on the listening connection: a server that is gone, or stopped without closing sockets, fails it. */
  private scheduleHeartbeat(client: PoolClient): void {
    this.timer = setTimeout(() => {
      withTimeout(client.query('SELECT 1'), this.options.heartbeatTimeoutMs).then(
        () => {
          if (this.client === client) this.scheduleHeartbeat(client);
        },
        (error: unknown) => this.lose(client, error),
      );
    }, this.options.heartbeatIntervalMs);
    this.timer.unref();
  }

  private lose(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    clearTimeout(this.timer);
    this.discard(client, error);
    this.logger.warn(`Change feed connection lost (${messageOf(error)}); serving cached data unconfirmed until it is back`);
    this.enter('reconnecting');
    for (const follower of this.followers) follower.feedLost();
    this.retryLater(error);
  }

  /** Hands a broken connection back to the pool to be destroyed; its late errors have no one left to tell. */
  private discard(client: PoolClient, error: unknown): void {
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.release(error instanceof Error ? error : new Error(messageOf(error)));
  }

  private retryLater(error: unknown): void {
    if (this.state === 'stopped') return;
    if (this.state === 'live') this.enter('reconnecting');
    const delay = Math.min(this.options.reconnectMaxDelayMs, this.options.reconnectMinDelayMs * 2 ** this.reconnectAttempts);
    this.reconnectAttempts += 1;
    this.logger.warn(`Change feed cannot listen (${messageOf(error)}); attempt ${this.reconnectAttempts} failed, next in ${delay} ms`);
    this.timer = setTimeout(() => void this.listen(), delay);
    this.timer.unref();
  }

  private enter(state: ChangeFeedState): void {
    if (this.state === state) return;
    this.state = state;
    this.since = new Date();
  }
}

function parseChange(payload: string | undefined): Change | null {
  if (!payload) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { topic, key } = parsed as { topic?: unknown; key?: unknown };
  if (typeof topic !== 'string' || !TOPICS.has(topic)) return null;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return null;
  return { topic: topic as ChangeTopic, key };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
