import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, Max, Min } from 'class-validator';
import { AdminGuard } from '../common/admin.guard.js';
import { AuditService } from './audit.service.js';
import type { AuditEvent } from './audit.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';

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
}

@ApiTags('admin: audit')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first. */
  @Get()
  list(@Query() query: AuditQueryDto): Promise<AuditEvent[]> {
    return this.audit.list(query.limit ?? 50, query.after);
  }
}
