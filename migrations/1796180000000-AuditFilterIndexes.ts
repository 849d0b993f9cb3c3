import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

/** The admin API filters the trail by target, actor or action, newest first: one index each, with the id to page in order (read backwards). */
export class AuditFilterIndexes1796180000000 implements MigrationInterface {
  name = 'AuditFilterIndexes1796180000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`CREATE INDEX ix_audit_event_target_id ON ${s}.audit_event (target, id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_event_actor_id ON ${s}.audit_event (actor, id)`);
    await queryRunner.query(`CREATE INDEX ix_audit_event_action_id ON ${s}.audit_event (action, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`DROP INDEX ${s}.ix_audit_event_action_id, ${s}.ix_audit_event_actor_id, ${s}.ix_audit_event_target_id`);
  }
}
