import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { IsSlug, SLUG } from '../../common/validation.js';
import type { JsonObject } from '../../common/json.js';
import { ApiClosedSchema } from '../../openapi/closed-schema.decorator.js';
import type { SecretMetadata } from '../../secrets/secret-metadata.js';
import type { IntegrationEntity } from '../entities/integration.entity.js';

/**
 * `secret`: the vendor's secret as its dashboard shows it. The rules are SecretsService's (it checks them, with
 * one `400` naming the field); here they are stated for clients.
 */
function SecretProperty(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${description} 16 to 4096 characters, no white space at either end. Never returned.`,
      example,
      minLength: 16,
      maxLength: 4096,
      pattern: '^\\S(?:[\\s\\S]*\\S)?$',
    }),
    IsOptional(),
    IsString(),
  );
}

/** `keyId`: the vendor's name for the key, a JWT header's `kid`. */
function KeyIdProperty(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: "The vendor's id of this key, sent as the JWT header's kid (Zendesk: app_...; required there). Generated keys default to their RFC 7638 thumbprint.",
      example: 'app_64b1c2d3e4f5a6b7c8d9e0f1',
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
    }),
    IsOptional(),
    IsString(),
  );
}

/**
 * The create body as the service validates it. Its schema in the document is one per vendor
 * (create-integration.schemas.ts): they document `vendor` and `settings`, and inherit the rest.
 * Defaults are stated in words, not as `default`: generators make a field with a `default` required.
 */
export class CreateIntegrationDto {
  @ApiProperty({ example: 'glassix-support', description: 'Lower-case letters, digits and hyphens; used in URLs.', pattern: SLUG.source })
  @IsSlug()
  slug!: string;

  @IsString()
  vendor!: string;

  @IsObject()
  settings!: Record<string, unknown>;

  @SecretProperty("The vendor's signing secret (Gladly: the API token). Vendors that verify our own key pairs (salesforce) take none.", 'the-vendor-issued-secret')
  secret?: string;

  @KeyIdProperty()
  keyId?: string;

  @ApiPropertyOptional({ description: 'false: stored, but every token request answers 404 until it is enabled. Default: true.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

@ApiClosedSchema()
export class UpdateIntegrationDto {
  @ApiPropertyOptional({
    description: "Keys given here replace the stored ones; the result is validated again against the vendor's settings schema.",
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

@ApiClosedSchema()
export class AddSecretDto {
  @SecretProperty('The new vendor secret; vendors that verify our own key pairs take generate instead.', 'the-new-vendor-issued-secret')
  secret?: string;

  @KeyIdProperty()
  keyId?: string;

  @ApiPropertyOptional({ description: 'true: generate an RSA-2048 key pair as the new version (salesforce); its public key joins GET /v1/jwks/{integration}.' })
  @IsOptional()
  @IsBoolean()
  generate?: boolean;

  @ApiPropertyOptional({ description: 'true rotates at once; false stages the version as pending. Default: true.' })
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
