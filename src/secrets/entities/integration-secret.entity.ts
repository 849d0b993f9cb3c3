import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from '../../database/schema-name.js';
import { IntegrationEntity } from '../../integrations/entities/integration.entity.js';
import { SecretState } from '../secret-state.js';

export { SecretState };

/** What a version's sealed plaintext is. */
export enum SecretKeyFormat {
  /** A secret the vendor issued (UTF-8), used as an HMAC key or an API credential. */
  Secret = 'secret',
  /** An RSA private key generated here (PKCS#8 DER); its public half is in our JWK Set. */
  RsaPrivateKey = 'rsa-private-key',
}

/** One version of an integration's vendor credential, encrypted under a master key. */
@Entity({ name: 'integration_secret', schema: DEFAULT_CHAT_IDENTITY_SCHEMA })
@Check('ck_integration_secret_state', `state IN ('pending', 'active', 'retired', 'revoked')`)
// The database, not the code, guarantees a single active secret per integration.
@Index('uq_integration_secret_one_active', ['integrationId'], { unique: true, where: `state = 'active'` })
@Check('ck_integration_secret_key_format', `key_format IN ('secret', 'rsa-private-key')`)
// A verifier picks the key by kid: two versions of one integration never share one.
@Index('uq_integration_secret_key_id', ['integrationId', 'keyId'], { unique: true, where: 'key_id IS NOT NULL' })
export class IntegrationSecretEntity {
  // A foreign key, not a relation: the secrets module reads integrations only through their service.
  @PrimaryColumn({ name: 'integration_id', type: 'uuid', primaryKeyConstraintName: 'pk_integration_secret' })
  @ForeignKey(() => IntegrationEntity, { onDelete: 'CASCADE', name: 'integration_secret_integration_id_fkey' })
  integrationId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_integration_secret' })
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

  /** The vendor's name for this key (a JWT header's `kid`), unique within the integration. */
  @Column({ name: 'key_id', type: 'varchar', length: 255, nullable: true })
  keyId!: string | null;

  @Column({ name: 'key_format', type: 'varchar', length: 16, default: SecretKeyFormat.Secret })
  keyFormat!: SecretKeyFormat;

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
