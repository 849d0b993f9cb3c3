import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsSlug, SLUG } from '../../common/validation.js';

/** How actions are named: dotted lower-case words, e.g. `secret.activated`, `admin.sso.refused`. */
const ACTION = /^[a-z][a-z-]*(?:\.[a-z][a-z-]*)+$/;

/** The audit trail's query string: a page size, a cursor and exact-match filters. */
export class AuditQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Id of the last event of the previous page.' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  after?: string;

  @ApiPropertyOptional({ description: 'Slug: events on that integration and its secret versions.', pattern: SLUG.source })
  @IsOptional()
  @IsString()
  @IsSlug()
  integration?: string;

  @ApiPropertyOptional({ description: 'Exact actor name, as events name it.', maxLength: 255 })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  actor?: string;

  @ApiPropertyOptional({ description: 'Exact action, e.g. `secret.activated`.', maxLength: 64, pattern: ACTION.source })
  @IsOptional()
  @IsString()
  @Length(3, 64)
  @Matches(ACTION, { message: '$property must be dotted lower-case words, e.g. secret.activated' })
  action?: string;
}
