import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../common/admin.guard.js';
import { AdminAuditContext } from '../common/audit-context.decorator.js';
import { SecretsService } from './secrets.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';

@ApiTags('admin: secrets')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/master-key')
export class MasterKeyController {
  constructor(private readonly secrets: SecretsService) {}

  /** Re-wraps every stored secret under the newest master key (the first one configured). */
  @Post('rotate')
  @HttpCode(200)
  rotate(@AdminAuditContext() context: AuditContext): Promise<{ masterKeyId: string; rewrapped: number }> {
    return this.secrets.rewrapAll(context);
  }
}
