import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

/** The admin role an audited actor acted with (viewer, operator, owner), to filter the trail by it; older events have none. */
export class AuditActorRole1796170000000 implements MigrationInterface {
  name = 'AuditActorRole1796170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`
      ALTER TABLE ${s}.audit_event
        ADD COLUMN actor_role varchar(16),
        ADD CONSTRAINT ck_audit_event_actor_role CHECK (actor_role IN ('viewer', 'operator', 'owner'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`ALTER TABLE ${s}.audit_event DROP CONSTRAINT ck_audit_event_actor_role, DROP COLUMN actor_role`);
  }
}
