import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumberString, IsOptional, Max, Min } from 'class-validator';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AuditService } from './audit.service.js';
import type { AuditEvent } from './audit.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import { ValidatedQuery } from '../common/validated-input.decorator.js';

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
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first. */
  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'Who changed what, newest first' })
  @ApiAnswer({ description: 'A page of events.', type: [AuditEventResponse] })
  @ApiProblems([400])
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'At most 500.', example: 50 })
  @ApiQuery({ name: 'after', required: false, type: String, description: 'Id of the last event of the previous page.' })
  list(@ValidatedQuery(AuditQueryDto) query: AuditQueryDto): Promise<AuditEvent[]> {
    return this.audit.list(query.limit ?? 50, query.after);
  }
}
