import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AuditService } from './audit.service.js';
import type { AuditEvent } from './audit.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { AuditEventResponse } from './dto/audit-event.response.js';
import { ValidatedQuery } from '../common/validated-input.decorator.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('admin: audit')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Newest first, narrowed by the filters given. */
  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'Who changed what, newest first' })
  @ApiAnswer({ description: 'A page of events.', type: [AuditEventResponse] })
  @ApiProblems([400])
  @ApiQuery({ name: 'limit', required: false, type: Number, description: 'At most 500.', example: 50 })
  @ApiQuery({ name: 'after', required: false, type: String, description: 'Id of the last event of the previous page.' })
  @ApiQuery({ name: 'integration', required: false, type: String, description: 'Slug: only events on that integration and its secret versions.', example: 'glassix-support' })
  @ApiQuery({ name: 'actor', required: false, type: String, description: 'Only events by this actor (exact name).', example: 'alice' })
  @ApiQuery({ name: 'action', required: false, type: String, description: 'Only events with this action (exact).', example: 'secret.activated' })
  list(@ValidatedQuery(AuditQueryDto) query: AuditQueryDto): Promise<AuditEvent[]> {
    const { limit = 50, after, integration, actor, action } = query;
    return this.audit.list(limit, after, { integration, actor, action });
  }
}
