import type { JsonObject } from '../../common/json.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One configured chat widget: a Glassix department, a Tiledesk project, a Gladly organization... */
@Entity({ name: 'integration' })
export class IntegrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  slug!: string;

  @Column({ type: 'varchar', length: 32 })
  vendor!: string;

  /** Non-secret, vendor-validated settings (API key, project id, token lifetime, claim mapping). */
  @Column({ type: 'jsonb', default: () => `'{}'::jsonb` })
  settings!: JsonObject;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
