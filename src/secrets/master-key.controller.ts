import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AdminAuditContext } from '../admin-auth/audit-context.decorator.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer } from '../openapi/api-responses.decorator.js';
import { MasterKeyRotationResponse, MasterKeyStatusResponse } from './dto/secret-version.response.js';
import { type MasterKeyStatus, MasterKeysService } from './master-keys.service.js';

@ApiTags('admin: secrets')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/master-key')
export class MasterKeyController {
  constructor(private readonly masterKeys: MasterKeysService) {}

  /** Which stored versions this instance cannot open, and why: a key id missing from the master keys, or one whose bytes differ. */
  @Get('status')
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'getMasterKeyStatus', summary: 'Which integrations have secrets the configured master keys cannot open' })
  @ApiAnswer({ description: 'Identifiers only; an empty `unopenable` means every stored secret opens.', type: MasterKeyStatusResponse })
  status(): Promise<MasterKeyStatus> {
    return this.masterKeys.status();
  }

  /** Re-wraps every stored secret under the newest master key (the first one configured). */
  @Post('rotate')
  @RequiresRole('owner')
  @HttpCode(200)
  @ApiOperation({ operationId: 'rotateMasterKey', summary: 'Re-wrap every stored secret under the newest master key' })
  @ApiAnswer({ description: 'Done, in one transaction.', type: MasterKeyRotationResponse })
  rotate(@AdminAuditContext() context: AuditContext): Promise<{ masterKeyId: string; rewrapped: number }> {
    return this.masterKeys.rewrapAll(context);
  }
}
