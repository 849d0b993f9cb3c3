import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, Repository } from 'typeorm';
import { type AuditContext, AuditService } from '../audit/audit.service.js';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { ReadThroughCache } from '../common/read-through-cache.js';
import { InjectCacheOptions } from '../chat-identity.constants.js';
import type { CacheOptions } from '../chat-identity.options.js';
import { EndUserEntity } from './entities/end-user.entity.js';
import { type RunStatement, UserIdBatcher } from './user-id-batcher.js';
import { assertExternalId } from './external-id.js';
import type { StableUser, UserProfile } from './user-profile.js';

/** Called with the erased user's UUID, on every instance, so caches keyed by it can drop it. */
export type ErasedUserListener = (userId: string) => void;

/** Stable UUIDs for host-app users: created on first sight, identical forever after. */
@Injectable()
export class UsersService {
  private readonly cache: ReadThroughCache<string, StableUser>;
  private readonly erasedListeners: ErasedUserListener[] = [];
  private readonly batcher: UserIdBatcher;

  constructor(
    @InjectRepository(EndUserEntity) private readonly users: Repository<EndUserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changeFeed: ChangeFeedService,
    private readonly audit: AuditService,
    @InjectCacheOptions() cacheOptions: CacheOptions,
  ) {
    this.batcher = new UserIdBatcher(users.metadata.tablePath, (statement) => this.runStatement(statement));
    // Read-through: a user read while another instance erases it is not cached past the erasure's notification.
    this.cache = new ReadThroughCache('users', {
      ttlMs: cacheOptions.userTtlMs,
      maxEntries: cacheOptions.maxUsers,
      staleWindowMs: cacheOptions.staleWindowMs,
      loadTimeoutMs: cacheOptions.loadTimeoutMs,
    });
    this.changeFeed.subscribe('user', (externalId) => this.cache.invalidate(externalId), this.cache);
    // Nothing to follow: a missed erasure leaves entries keyed by a UUID that is never issued again.
    this.changeFeed.subscribe('user-erased', (userId) => this.notifyErased(userId));
  }

  /**
   * `listener(userId)` after each erasure committed by any instance (vendor token caches use it).
   * It may run twice for one erasure on the erasing instance: keep it idempotent.
   */
  onErased(listener: ErasedUserListener): void {
    this.erasedListeners.push(listener);
  }

  /**
   * The user's stable record, created if new. A returning user whose profile is unchanged costs no
   * database round trip; a changed email, name or phone is saved, and the UUID never changes.
   */
  async resolve(profile: UserProfile, waitUntil?: number): Promise<StableUser> {
    assertExternalId(profile.externalId);
    const user = await this.cache.get(profile.externalId, () => this.insertOrFind(profile), waitUntil);
    if (!differs(user, profile)) return user;
    const updated = await this.updateProfile(user, profile);
    // The next request reads the saved profile back (a profile changes far less often than it is read).
    this.cache.invalidate(profile.externalId);
    return updated;
  }

  async findByExternalId(externalId: string): Promise<StableUser | null> {
    assertExternalId(externalId);
    return this.find(externalId);
  }

  /** By the stable UUID (lower-case): support's lookup, one primary-key read, not cached. */
  async findByUserId(userId: string): Promise<StableUser | null> {
    const row = await this.users.findOneBy({ id: userId });
    return row ? toStableUser(row) : null;
  }

  async findByEmail(email: string): Promise<StableUser[]> {
    const rows = await this.users
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .orderBy('user.created_at', 'ASC')
      .getMany();
    return rows.map(toStableUser);
  }

  /**
   * Erases the user, audited as `user.erased` in the same transaction (`context` names who asked; a host's
   * own code that names nobody is recorded as `host-application`). Every instance forgets its cached
   * UUID and tells its `onErased` listeners. Returns the erased record, if any.
   */
  async erase(externalId: string, context: AuditContext = { actor: 'host-application', requestId: randomUUID() }): Promise<StableUser | null> {
    assertExternalId(externalId);
    const erased = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOneBy(EndUserEntity, { externalId });
      if (!row) return null;
      await manager.delete(EndUserEntity, { id: row.id });
      const user = toStableUser(row);
      await this.changeFeed.publish(manager, 'user', externalId);
      await this.changeFeed.publish(manager, 'user-erased', user.userId);
      // Identifiers only: the audit trail must not keep the PII the erasure removes.
      await this.audit.record(manager, context, { action: 'user.erased', target: `user:${externalId}`, details: { externalId, userId: user.userId } });
      return user;
    });
    this.cache.invalidate(externalId);
    // Locally at once; other instances (and this one again) through the change feed.
    if (erased) this.notifyErased(erased.userId);
    return erased;
  }

  private notifyErased(userId: string): void {
    for (const listener of this.erasedListeners) listener(userId);
  }

  private async find(externalId: string): Promise<StableUser | null> {
    const row = await this.users.findOneBy({ externalId });
    return row ? toStableUser(row) : null;
  }

  /**
   * The stored user, or a new one: one round trip for a new and a known user alike, shared by the first
   * sights of one event-loop turn (UserIdBatcher). ON CONFLICT makes N simultaneous first requests create one row.
   */
  private async insertOrFind(profile: UserProfile): Promise<StableUser> {
    const row = await this.batcher.insertOrFind(profile);
    if (row) return toStableUser(row);
    // Neither: another request inserted the row after this statement's snapshot was taken. Read the winner's.
    const winner = await this.find(profile.externalId);
    if (!winner) throw new Error('end_user row vanished between insert and read');
    return winner;
  }

  private async runStatement(statement: Parameters<RunStatement>[0]): Promise<EndUserEntity[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<EndUserEntity>(statement)).rows;
    } finally {
      await runner.release();
    }
  }

  private async updateProfile(user: StableUser, profile: UserProfile): Promise<StableUser> {
    const changes = {
      email: profile.email ?? user.email,
      phone: profile.phone ?? user.phone,
      displayName: profile.name ?? user.name,
    };
    await this.users.update({ id: user.userId }, changes);
    return { ...user, email: changes.email, phone: changes.phone, name: changes.displayName, updatedAt: new Date() };
  }
}

function toStableUser(row: EndUserEntity): StableUser {
  return {
    userId: row.id.toLowerCase(),
    externalId: row.externalId,
    email: row.email,
    name: row.displayName,
    phone: row.phone,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A field the caller supplied that differs from what is stored; absent fields keep stored values. */
function differs(user: StableUser, profile: UserProfile): boolean {
  return (
    (profile.email !== undefined && profile.email !== user.email) ||
    (profile.name !== undefined && profile.name !== user.name) ||
    (profile.phone !== undefined && profile.phone !== user.phone)
  );
}
