import type { JsonObject } from '../../common/json.js';
import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from '../../database/schema-name.js';

/** One configured chat widget: a Glassix department, a Tiledesk project, a Gladly organization... */
@Entity({ name: 'integration', schema: DEFAULT_CHAT_IDENTITY_SCHEMA })
@Unique('uq_integration_slug', ['slug'])
export class IntegrationEntity {
  /** Chosen by the service when it creates the integration. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'integration_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'varchar', length: 32 })
  vendor!: string;

  /** Non-secret, vendor-validated settings (API key, project id, token lifetime, claim mapping). */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings!: JsonObject;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
