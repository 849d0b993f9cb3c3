import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

export class InitialSchema1763762400000 implements MigrationInterface {
  name = 'InitialSchema1763762400000';

  // Installations from before the own schema ran it with unqualified names (in `public`); MoveTablesIntoOwnSchema moves those.
  async up(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await queryRunner.query(`
      CREATE TABLE ${s}.end_user (
        id            uuid         PRIMARY KEY,
        external_id   varchar(255) NOT NULL,
        email         varchar(320),
        phone         varchar(32),
        display_name  varchar(255),
        created_at    timestamptz  NOT NULL DEFAULT now(),
        updated_at    timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT uq_end_user_external_id UNIQUE (external_id),
        CONSTRAINT ck_end_user_external_id_not_empty CHECK (length(external_id) > 0)
      )`);
    await queryRunner.query(`CREATE INDEX ix_end_user_email ON ${s}.end_user (lower(email))`);

    await queryRunner.query(`
      CREATE TABLE ${s}.integration (
        id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
        slug        varchar(64)  NOT NULL,
        vendor      varchar(32)  NOT NULL,
        settings    jsonb        NOT NULL DEFAULT '{}'::jsonb,
        enabled     boolean      NOT NULL DEFAULT true,
        created_at  timestamptz  NOT NULL DEFAULT now(),
        updated_at  timestamptz  NOT NULL DEFAULT now(),
        CONSTRAINT uq_integration_slug UNIQUE (slug)
      )`);

    await queryRunner.query(`
      CREATE TABLE ${s}.integration_secret (
        integration_id  uuid         NOT NULL REFERENCES ${s}.integration (id) ON DELETE CASCADE,
        version         integer      NOT NULL,
        state           varchar(16)  NOT NULL,
        ciphertext      bytea        NOT NULL,
        master_key_id   varchar(64)  NOT NULL,
        fingerprint     varchar(32)  NOT NULL,
        created_by      varchar(255) NOT NULL,
        created_at      timestamptz  NOT NULL DEFAULT now(),
        activated_at    timestamptz,
        retired_at      timestamptz,
        revoked_at      timestamptz,
        CONSTRAINT pk_integration_secret PRIMARY KEY (integration_id, version),
        CONSTRAINT ck_integration_secret_state CHECK (state IN ('pending', 'active', 'retired', 'revoked'))
      )`);
    // The database, not the code, guarantees a single active secret per integration.
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_integration_secret_one_active ON ${s}.integration_secret (integration_id) WHERE state = 'active'`,
    );

    await queryRunner.query(`
      CREATE TABLE ${s}.audit_event (
        id           bigserial    PRIMARY KEY,
        occurred_at  timestamptz  NOT NULL DEFAULT now(),
        actor        varchar(255) NOT NULL,
        action       varchar(64)  NOT NULL,
        target       varchar(255) NOT NULL,
        details      jsonb        NOT NULL DEFAULT '{}'::jsonb,
        request_id   varchar(128)
      )`);
    // Append-only: an audit trail that can be edited is not one.
    await queryRunner.query(`
      CREATE FUNCTION ${s}.audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_audit_event_append_only BEFORE UPDATE OR DELETE ON ${s}.audit_event
      FOR EACH ROW EXECUTE FUNCTION ${s}.audit_event_is_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`DROP TABLE ${s}.audit_event`);
    await queryRunner.query(`DROP FUNCTION ${s}.audit_event_is_append_only()`);
    await queryRunner.query(`DROP TABLE ${s}.integration_secret`);
    await queryRunner.query(`DROP TABLE ${s}.integration`);
    await queryRunner.query(`DROP TABLE ${s}.end_user`);
  }
}
