import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { SecretState } from '../entities/integration-secret.entity.js';
import { JWKS_MAX_AGE_SECONDS, VERIFIER_COOLDOWN_SECONDS } from '../key-publication.js';
import type { SecretMetadata } from '../secret-metadata.js';

const INSTANT = { type: String, format: 'date-time' } as const;
const NULLABLE_INSTANT = { ...INSTANT, nullable: true } as const;

/** A secret version as the admin API shows it: everything but the secret. */
@ApiSchema({ name: 'SecretVersion', description: 'A version of an integration\'s vendor secret: everything but the secret.' })
export class SecretVersionResponse implements SecretMetadata {
  @ApiProperty({ example: 2 })
  version!: number;

  @ApiProperty({ enum: SecretState, enumName: 'SecretState', example: SecretState.Active })
  state!: SecretState;

  @ApiProperty({ example: 'sha256:3f9a1c2b7d4e6f80', description: 'A short fingerprint, to tell versions apart; not reversible.' })
  fingerprint!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'app_64b1c2d3e4f5a6b7c8d9e0f1',
    description: "The vendor's id of this key, sent as the JWT header's kid (Zendesk app_...; generated key pairs: their RFC 7638 thumbprint).",
  })
  keyId!: string | null;

  @ApiProperty({ example: 'k1', description: 'The master key that wraps it.' })
  masterKeyId!: string;

  @ApiProperty({ example: 'admin-key:9c1d2e3f4a5b' })
  createdBy!: string;

  @ApiProperty(INSTANT)
  createdAt!: Date;

  @ApiProperty(NULLABLE_INSTANT)
  activatedAt!: Date | null;

  @ApiProperty(NULLABLE_INSTANT)
  retiredAt!: Date | null;

  @ApiProperty(NULLABLE_INSTANT)
  revokedAt!: Date | null;

  @ApiProperty({
    ...NULLABLE_INSTANT,
    description:
      `Pending versions: from when activating it fails no login (null otherwise). A generated key pair: createdAt plus the key set's ` +
      `max-age (${JWKS_MAX_AGE_SECONDS} s) and the usual verifier cool-down before it fetches the set again (${VERIFIER_COOLDOWN_SECONDS} s); ` +
      'a secret the vendor issued: createdAt.',
  })
  safeToActivateAt!: Date | null;
}

@ApiSchema({ name: 'MasterKeyRotation' })
export class MasterKeyRotationResponse {
  @ApiProperty({ example: 'k2', description: 'The master key every secret is wrapped under now.' })
  masterKeyId!: string;

  @ApiProperty({ example: 12, description: 'Secrets re-wrapped.' })
  rewrapped!: number;
}

@ApiSchema({ name: 'UnopenableSecretVersion' })
export class UnopenableVersionResponse {
  @ApiProperty({ example: 'glassix-support', description: 'The integration slug.' })
  integration!: string;

  @ApiProperty({ example: 1 })
  version!: number;

  @ApiProperty({ example: 'k1', description: 'The master key id stored beside the ciphertext.' })
  masterKeyId!: string;

  @ApiProperty({
    enum: ['master-key-not-configured', 'master-key-does-not-open'],
    description: 'No master key with this id is configured, or the configured one has other bytes than the one that sealed it.',
  })
  reason!: 'master-key-not-configured' | 'master-key-does-not-open';
}

@ApiSchema({ name: 'MasterKeyStatus' })
export class MasterKeyStatusResponse {
  @ApiProperty({ example: 'k2', description: 'The master key new secrets are sealed under.' })
  currentMasterKeyId!: string;

  @ApiProperty({ type: [String], example: ['k1'] })
  affectedMasterKeyIds!: string[];

  @ApiProperty({ type: [String], example: ['glassix-support'] })
  affectedIntegrations!: string[];

  @ApiProperty({ type: [UnopenableVersionResponse] })
  unopenable!: UnopenableVersionResponse[];
}
