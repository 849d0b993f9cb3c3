import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from '../../database/schema-name.js';

/** A host-app user and the stable UUID every chat vendor knows them by. */
@Entity({ name: 'end_user', schema: DEFAULT_CHAT_IDENTITY_SCHEMA })
@Unique('uq_end_user_external_id', ['externalId'])
@Check('ck_end_user_external_id_not_empty', 'length(external_id) > 0')
// On lower(email): TypeORM cannot express the index, so it leaves it to the migration that creates it.
@Index('ix_end_user_email', { synchronize: false })
export class EndUserEntity {
  /** The stable identifier handed to vendors; never changes once assigned. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'end_user_pkey' })
  id!: string;

  /** The host application's own key for this user. */
  @Column({ name: 'external_id', type: 'varchar', length: 255 })
  externalId!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 255, nullable: true })
  displayName!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
