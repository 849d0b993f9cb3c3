import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export enum SecretState {
  Pending = 'pending',
  Active = 'active',
  Retired = 'retired',
  Revoked = 'revoked',
}

/** One version of an integration's vendor credential, encrypted under a master key. */
@Entity({ name: 'integration_secret' })
export class IntegrationSecretEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid' })
  integrationId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  state!: SecretState;

  /** AES-256-GCM: 12-byte IV, 16-byte tag, then the ciphertext. */
  @Column({ type: 'bytea' })
  ciphertext!: Buffer;

  @Column({ name: 'master_key_id', type: 'varchar', length: 64 })
  masterKeyId!: string;

  @Column({ type: 'varchar', length: 32 })
  fingerprint!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
