import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';

/** `audit_event.id` is a Postgres bigint. */
const MAX_EVENT_ID = 9_223_372_036_854_775_807n;

/** Who did it and on which request: taken from the admin request, passed down with every change. */
export interface AuditContext {
  actor: string;
  /** The admin role the actor acted with (viewer, operator, owner); null for the host application itself. */
  actorRole?: string | null;
  requestId: string;
}

export interface AuditEntry {
  action: string;
  target: string;
  /** Never a secret: ids, versions, fingerprints and changed setting names only. */
  details?: JsonObject;
}

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  actor: string;
  actorRole: string | null;
  action: string;
  target: string;
  details: JsonObject;
  requestId: string | null;
}

/** Exact-match filters of the trail; an integration's events (its secret versions' too) target `integration:<slug>`. */
export interface AuditFilter {
  integration?: string;
  actor?: string;
  action?: string;
}

/** The audit target of an integration, as the services that change it write it. */
const integrationTarget = (slug: string): string => `integration:${slug}`;

/** Append-only record of admin changes, written in the same transaction as the change itself. */
@Injectable()
export class AuditService {
  private readonly insertStatement: string;

  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {
    this.insertStatement = `INSERT INTO ${events.metadata.tablePath} (actor, actor_role, action, target, details, request_id) VALUES ($1, $2, $3, $4, $5, $6)`;
  }

  async record(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<void> {
    await manager.query(this.insertStatement, [
      context.actor,
      context.actorRole ?? null,
      entry.action,
      entry.target,
      JSON.stringify(entry.details ?? {}),
      context.requestId,
    ]);
  }

  /** An event that goes with no change of its own (a refused request), in a transaction of its own. */
  recordAlone(context: AuditContext, entry: AuditEntry): Promise<void> {
    return this.record(this.events.manager, context, entry);
  }

  /** Newest first, matching every filter given; `after` is the id of the last event of the previous page. */
  async list(limit: number, after?: string, { integration, actor, action }: AuditFilter = {}): Promise<AuditEvent[]> {
    // Beyond bigint, `after` is above every id: no bound at all, rather than a database error (500).
    const bounded = after !== undefined && after !== '' && BigInt(after) <= MAX_EVENT_ID;
    const rows = await this.events.find({
      where: {
        ...(bounded && { id: LessThan(after) }),
        ...(integration !== undefined && { target: integrationTarget(integration) }),
        ...(actor !== undefined && { actor }),
        ...(action !== undefined && { action }),
      },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({ ...row, id: String(row.id) }));
  }
}
