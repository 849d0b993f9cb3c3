import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { chatIdentitySchema } from '../src/entities.js';

/**
 * The service names new integrations itself (as it does users): a `gen_random_uuid()` default makes TypeORM
 * treat the column as generated, and a DataSource with such a column installs the uuid-ossp extension in
 * the host's schema at every connect.
 */
export class IntegrationIdFromTheService1796150500000 implements MigrationInterface {
  name = 'IntegrationIdFromTheService1796150500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${chatIdentitySchema()}.integration ALTER COLUMN id DROP DEFAULT`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${chatIdentitySchema()}.integration ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
  }
}
