import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../common/admin.guard.js';
import { AdminAuditContext } from '../common/audit-context.decorator.js';
import { CreateIntegrationDto, type IntegrationView, UpdateIntegrationDto } from './dto/integration.dto.js';
import { IntegrationsService } from './integrations.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';

@ApiTags('admin: integrations')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/integrations')
export class IntegrationsAdminController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Post()
  create(@Body() dto: CreateIntegrationDto, @AdminAuditContext() context: AuditContext): Promise<IntegrationView> {
    return this.integrations.create(dto, context);
  }

  @Get()
  list(): Promise<IntegrationView[]> {
    return this.integrations.list();
  }

  @Get(':slug')
  get(@Param('slug') slug: string): Promise<IntegrationView> {
    return this.integrations.get(slug);
  }

  @Patch(':slug')
  update(
    @Param('slug') slug: string,
    @Body() dto: UpdateIntegrationDto,
    @AdminAuditContext() context: AuditContext,
  ): Promise<IntegrationView> {
    return this.integrations.update(slug, dto, context);
  }

  @Delete(':slug')
  @HttpCode(204)
  async remove(@Param('slug') slug: string, @AdminAuditContext() context: AuditContext): Promise<void> {
    await this.integrations.remove(slug, context);
  }
}
