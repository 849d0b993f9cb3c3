import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** `user`: key = external id (cached UUID); `user-erased`: key = the erased UUID (vendor caches). */
export type ChangeTopic = 'integration' | 'secret' | 'user' | 'user-erased';

type ChangeHandler = (key: string) => void;

const CHANNEL = 'chat_identity_changes';
const RECONNECT_DELAY_MS = 1000;

interface PgPool {
  connect(): Promise<PoolClient>;
}

/**
 * Tells every instance on the same database that cached data changed. `publish` runs inside the
 * writer's transaction, so Postgres delivers the NOTIFY only if and when the change commits.
 * While the listening connection is down, subscribers' `reset` handlers drop everything cached.
 */
@Injectable()
export class ChangeFeedService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeFeedService.name);
  private readonly handlers = new Map<ChangeTopic, ChangeHandler[]>();
  private readonly resetHandlers: Array<() => void> = [];
  private client?: PoolClient;
  private stopped = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `onChange(key)` for each change of `topic`; `onReset()` whenever notifications may have been missed. */
  subscribe(topic: ChangeTopic, onChange: ChangeHandler, onReset: () => void): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), onChange]);
    this.resetHandlers.push(onReset);
  }

  async publish(manager: EntityManager, topic: ChangeTopic, key: string): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ topic, key })]);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  // Before TypeORM ends its pool, which would otherwise wait for this borrowed connection.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      await client.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
      client.release();
    }
  }

  private async listen(): Promise<void> {
    // The listener borrows one connection from the host's own pool rather than opening another.
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const client = await pool.connect();
    client.on('notification', (message) => this.dispatch(message.payload));
    client.on('error', (error) => this.onConnectionLost(client, error));
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    const { topic, key } = JSON.parse(payload) as { topic: ChangeTopic; key: string };
    for (const handler of this.handlers.get(topic) ?? []) handler(key);
  }

  private onConnectionLost(client: PoolClient, error: Error): void {
    this.logger.warn(`Change feed connection lost (${error.message}); caches reset until it is back`);
    client.removeAllListeners();
    client.release(error);
    this.client = undefined;
    this.resetAll();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (this.stopped) return;
      this.listen()
        .then(() => this.resetAll())
        .catch(() => this.scheduleReconnect());
    }, RECONNECT_DELAY_MS).unref();
  }

  private resetAll(): void {
    for (const reset of this.resetHandlers) reset();
  }
}
