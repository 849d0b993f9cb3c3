import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

/**
 * Each table as the first migration created it, known by a constraint (or trigger) only chat-identity's
 * table has: a host's own `integration` or `end_user` table is not ours and stays where it is.
 */
const OUR_TABLES = [
  { table: 'end_user', constraint: 'uq_end_user_external_id' },
  { table: 'integration', constraint: 'uq_integration_slug' },
  { table: 'integration_secret', constraint: 'pk_integration_secret' },
  { table: 'audit_event', trigger: 'tr_audit_event_append_only' },
] as const;

/**
 * Installations from before the own schema have their tables in the connection's default schema
 * (`public`): this moves them, with their rows, indexes, constraints, sequence and trigger, into
 * chat-identity's schema. On a new installation there is nothing to move.
 */
export class MoveTablesIntoOwnSchema1796150400000 implements MigrationInterface {
  name = 'MoveTablesIntoOwnSchema1796150400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const target = chatIdentitySchema();
    const [{ legacy }]: Array<{ legacy: string }> = await queryRunner.query('SELECT current_schema() AS legacy');
    if (!legacy || legacy === target) return;
    let movedAuditEvent = false;
    for (const ours of OUR_TABLES) {
      if (!(await isOurs(queryRunner, legacy, ours)) || (await exists(queryRunner, target, ours.table))) continue;
      await queryRunner.query(`ALTER TABLE ${quote(legacy)}.${ours.table} SET SCHEMA ${target}`);
      movedAuditEvent ||= ours.table === 'audit_event';
    }
    if (movedAuditEvent && (await hasAppendOnlyFunction(queryRunner, legacy))) {
      await queryRunner.query(`ALTER FUNCTION ${quote(legacy)}.audit_event_is_append_only() SET SCHEMA ${target}`);
    }
  }

  // Moving back would recreate the clash this migration removes; the tables stay in their own schema.
  async down(): Promise<void> {}
}

async function isOurs(
  queryRunner: QueryRunner,
  schema: string,
  ours: { table: string; constraint?: string; trigger?: string },
): Promise<boolean> {
  const rows: unknown[] = ours.constraint
    ? await queryRunner.query(
        `SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = $1 AND t.relname = $2 AND c.conname = $3`,
        [schema, ours.table, ours.constraint],
      )
    : await queryRunner.query(
        `SELECT 1 FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = $1 AND t.relname = $2 AND g.tgname = $3`,
        [schema, ours.table, ours.trigger],
      );
  return rows.length > 0;
}

async function exists(queryRunner: QueryRunner, schema: string, table: string): Promise<boolean> {
  const [{ found }]: Array<{ found: boolean }> = await queryRunner.query('SELECT to_regclass($1) IS NOT NULL AS found', [
    `${quote(schema)}.${table}`,
  ]);
  return found;
}

async function hasAppendOnlyFunction(queryRunner: QueryRunner, schema: string): Promise<boolean> {
  const rows: unknown[] = await queryRunner.query(
    `SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = 'audit_event_is_append_only'`,
    [schema],
  );
  return rows.length > 0;
}

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;
