import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { IsSlug } from '../../common/validation.js';
import type { JsonObject } from '../../common/json.js';
import type { SecretMetadata } from '../../secrets/secret-metadata.js';
import { VENDOR_DEFINITIONS, VENDOR_IDS } from '../../vendors/vendor-catalog.js';
import type { IntegrationEntity } from '../entities/integration.entity.js';

/** `keyId`: the vendor's name for the key, a JWT header's `kid`. */
function KeyIdProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: "The vendor's id of this key, sent as the JWT header's kid (Zendesk: app_...; required there). Generated keys default to their RFC 7638 thumbprint.",
      example: 'app_64b1c2d3e4f5a6b7c8d9e0f1',
      maxLength: 255,
    }),
    IsOptional(),
    IsString(),
  );
}

const [firstVendor] = VENDOR_DEFINITIONS;

@ApiExtraModels(...VENDOR_DEFINITIONS.map((vendor) => vendor.settings))
export class CreateIntegrationDto {
  @ApiProperty({ example: 'glassix-support', description: 'Lower-case letters, digits and hyphens; used in URLs.' })
  @IsSlug()
  slug!: string;

  @ApiProperty({ example: firstVendor.id, enum: VENDOR_IDS })
  @IsString()
  vendor!: string;

  @ApiProperty({
    example: firstVendor.exampleSettings,
    description: "The vendor's settings: the schema named after the vendor (GlassixSettings for glassix, ...); unknown keys are rejected.",
    oneOf: VENDOR_DEFINITIONS.map((vendor) => ({ $ref: getSchemaPath(vendor.settings) })),
  })
  @IsObject()
  settings!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: "The vendor's signing secret (Gladly: the API token). Never returned. Vendors that verify our own key pairs (salesforce) take none.",
    example: 'the-vendor-issued-secret',
  })
  @IsOptional()
  @IsString()
  secret?: string;

  @KeyIdProperty()
  keyId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateIntegrationDto {
  @ApiPropertyOptional({ description: 'Keys given here replace the stored ones; the result is validated again.' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class AddSecretDto {
  @ApiPropertyOptional({ example: 'the-new-vendor-issued-secret', description: 'The new vendor secret; vendors that verify our own key pairs take generate instead.' })
  @IsOptional()
  @IsString()
  secret?: string;

  @KeyIdProperty()
  keyId?: string;

  @ApiPropertyOptional({ description: 'true: generate an RSA-2048 key pair as the new version (salesforce); its public key joins GET /v1/jwks/{integration}.' })
  @IsOptional()
  @IsBoolean()
  generate?: boolean;

  @ApiPropertyOptional({ default: true, description: 'true rotates at once; false stages the version as pending.' })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

export interface IntegrationView {
  slug: string;
  vendor: string;
  settings: JsonObject;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** The active secret's metadata, or null when none is active. */
  secret: Pick<SecretMetadata, 'version' | 'state' | 'fingerprint'> | null;
}

export function toIntegrationView(row: IntegrationEntity, active: SecretMetadata | undefined): IntegrationView {
  return {
    slug: row.slug,
    vendor: row.vendor,
    settings: row.settings,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    secret: active ? { version: active.version, state: active.state, fingerprint: active.fingerprint } : null,
  };
}
