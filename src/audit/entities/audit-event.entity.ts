import type { JsonObject } from '../../common/json.js';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from '../../database/schema-name.js';

/** One admin change; the table rejects updates and deletes. */
@Entity({ name: 'audit_event', schema: DEFAULT_CHAT_IDENTITY_SCHEMA })
@Check('ck_audit_event_actor_role', `actor_role IN ('viewer', 'operator', 'owner')`)
// The admin API's filters, each paged by id.
@Index('ix_audit_event_target_id', ['target', 'id'])
@Index('ix_audit_event_actor_id', ['actor', 'id'])
@Index('ix_audit_event_action_id', ['action', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'audit_event_pkey' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 255 })
  actor!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16, nullable: true })
  actorRole!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 255 })
  target!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: JsonObject;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
