import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

/**
 * A secret version may carry the vendor's name for its key (`key_id`, a JWT header's `kid`), unique
 * within its integration; `key_format` says what the sealed plaintext is: a vendor-issued secret, or a
 * private key generated here (PKCS#8 DER of an RSA key pair, for vendors that fetch our JWK Set).
 */
export class SecretKeyIds1796160000000 implements MigrationInterface {
  name = 'SecretKeyIds1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`
      ALTER TABLE ${s}.integration_secret
        ADD COLUMN key_id varchar(255),
        ADD COLUMN key_format varchar(16) NOT NULL DEFAULT 'secret',
        ADD CONSTRAINT ck_integration_secret_key_format CHECK (key_format IN ('secret', 'rsa-private-key'))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_integration_secret_key_id ON ${s}.integration_secret (integration_id, key_id) WHERE key_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = chatIdentitySchema();
    await queryRunner.query(`DROP INDEX ${s}.uq_integration_secret_key_id`);
    await queryRunner.query(`ALTER TABLE ${s}.integration_secret DROP CONSTRAINT ck_integration_secret_key_format, DROP COLUMN key_format, DROP COLUMN key_id`);
  }
}
