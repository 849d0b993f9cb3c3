import { Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AdminAuditContext } from '../admin-auth/audit-context.decorator.js';
import { ApiCreateIntegrationBody } from './dto/create-integration.schemas.js';
import { CreateIntegrationDto, type IntegrationView, UpdateIntegrationDto } from './dto/integration.dto.js';
import { IntegrationsService } from './integrations.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { CreatedIntegrationResponse, IntegrationResponse } from './dto/integration.response.js';
import { ValidatedBody } from '../common/validated-input.decorator.js';

const SLUG_PARAM = { name: 'slug', example: 'glassix-support' };

@ApiTags('admin: integrations')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/integrations')
export class IntegrationsAdminController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post()
  @RequiresRole('operator')
  @ApiOperation({ operationId: 'createIntegration', summary: 'Configure a widget, with its first secret' })
  @ApiAnswer({ status: 201, description: 'Created.', type: CreatedIntegrationResponse })
  @ApiProblems([400, 409, 413], { 400: 'Bad slug, unknown vendor, or settings the vendor does not accept; `errors[]` names each.', 409: 'An integration with this slug exists.' })
  @ApiCreateIntegrationBody()
  create(@ValidatedBody(CreateIntegrationDto) dto: CreateIntegrationDto, @AdminAuditContext() context: AuditContext): Promise<IntegrationView> {
    return this.integrations.create(dto, context);
  }

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'listIntegrations', summary: 'Every configured widget' })
  @ApiAnswer({ description: 'The integrations.', type: [IntegrationResponse] })
  list(): Promise<IntegrationView[]> {
    return this.integrations.list();
  }

  @Get(':slug')
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'getIntegration', summary: 'One configured widget' })
  @ApiParam(SLUG_PARAM)
  @ApiAnswer({ description: 'The integration.', type: IntegrationResponse })
  @ApiProblems([404])
  get(@Param('slug') slug: string): Promise<IntegrationView> {
    return this.integrations.get(slug);
  }

  @Patch(':slug')
  @RequiresRole('operator')
  @ApiOperation({ operationId: 'updateIntegration', summary: 'Change settings or enable / disable' })
  @ApiParam(SLUG_PARAM)
  @ApiAnswer({ description: 'The integration as stored now.', type: IntegrationResponse })
  @ApiProblems([400, 404, 413])
  @ApiBody({ type: UpdateIntegrationDto })
  update(
    @Param('slug') slug: string,
    @ValidatedBody(UpdateIntegrationDto) dto: UpdateIntegrationDto,
    @AdminAuditContext() context: AuditContext,
  ): Promise<IntegrationView> {
    return this.integrations.update(slug, dto, context);
  }

  @Delete(':slug')
  @RequiresRole('owner')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteIntegration', summary: 'Remove a widget and its secrets' })
  @ApiParam(SLUG_PARAM)
  @ApiAnswer({ status: 204, description: 'Deleted.' })
  @ApiProblems([404])
  async remove(@Param('slug') slug: string, @AdminAuditContext() context: AuditContext): Promise<void> {
    await this.integrations.remove(slug, context);
  }
}
