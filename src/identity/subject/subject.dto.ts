import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsE164 } from '../../common/validation.js';
import { ApiClosedSchema } from '../../openapi/closed-schema.decorator.js';

/** A subject named by a trusted server (never by an end user). */
@ApiClosedSchema()
export class SubjectDto {
  @ApiProperty({ example: 'user-42' })
  @IsString()
  @Length(1, 255)
  externalId!: string;

  @ApiPropertyOptional({ example: 'ada@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'true only when your system has verified this email (Zendesk then sends email_verified).', example: true })
  @IsOptional()
  @IsBoolean()
  emailVerified?: boolean;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ example: '+14155550123' })
  @IsOptional()
  @IsE164()
  phone?: string;

  @ApiPropertyOptional({
    example: { plan: 'gold' },
    description: 'Anything your claims mappings read as attributes.<key>: each value any JSON value, copied into the credential as it is.',
    type: 'object',
    additionalProperties: {},
  })
  @IsOptional()
  @IsObject()
  attributes?: Record<string, unknown>;
}

/** Body of a token request; only trusted servers may fill `subject`, and end users' bodies are ignored. */
@ApiClosedSchema()
export class IdentityRequestDto {
  @ApiPropertyOptional({ type: SubjectDto, description: 'Trusted-server mode only (X-Service-Key).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SubjectDto)
  subject?: SubjectDto;
}
