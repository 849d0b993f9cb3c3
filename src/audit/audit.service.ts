import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';

/** Who did it and on which request: taken from the admin request, passed down with every change. */
export interface AuditContext {
  actor: string;
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
  action: string;
  target: string;
  details: JsonObject;
  requestId: string | null;
}

/** Append-only record of admin changes, written in the same transaction as the change itself. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async record(manager: EntityManager, context: AuditContext, entry: AuditEntry): Promise<void> {
    await manager.query(
      'INSERT INTO audit_event (actor, action, target, details, request_id) VALUES ($1, $2, $3, $4, $5)',
      [context.actor, entry.action, entry.target, JSON.stringify(entry.details ?? {}), context.requestId],
    );
  }

  /** Newest first; `after` is the id of the last event of the previous page. */
  async list(limit: number, after?: string): Promise<AuditEvent[]> {
    const rows = await this.events.find({
      where: after ? { id: LessThan(after) } : {},
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({ ...row, id: String(row.id) }));
  }
}
