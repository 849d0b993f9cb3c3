import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { ClaimMappingField, TokenLifetimeField } from '../settings-fields.js';

/** Settings of a Glassix integration; the secret (department API secret) is stored apart. */
export class GlassixSettings {
  @ApiProperty({ description: "Department API key (a UUID, not the secret), stored lower-case: the token's iss.", format: 'uuid' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsUUID('loose')
  apiKey!: string;

  @ApiProperty({ description: 'The widget snippet id passed to widgetOptions.snippetId.' })
  @IsString()
  @IsNotEmpty()
  snippetId!: string;

  @TokenLifetimeField('Token lifetime in seconds; Glassix recommends at least 5 hours.', { min: 300, max: 86_400, default: 18_000 })
  tokenTtlSeconds: number = 18_000;

  @ClaimMappingField('Ticket fields (field1..fieldN) and custom claims (at most 500 characters of JSON).', { field1: 'name', field3: 'attributes.plan' })
  claims: ClaimMapping = {};
}
