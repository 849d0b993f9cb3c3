import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../../admin-auth/admin.guard.js';
import { RequiresRole } from '../../admin-auth/requires-role.decorator.js';
import { ChatIdentityApi } from '../../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../../openapi/admin-api.decorator.js';
import { ApiAnswer } from '../../openapi/api-responses.decorator.js';
import { TokensIssuedWindow } from './tokens-issued-window.js';

export class IntegrationTokenUsage {
  @ApiProperty({ example: 'glassix-support' })
  integration!: string;

  @ApiProperty({ example: 42, description: 'Identities this instance issued for the integration in the last hour (to the minute).' })
  tokensIssued!: number;
}

@ApiTags('admin: integrations')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/token-usage')
export class TokenUsageController {
  constructor(private readonly window: TokensIssuedWindow) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({
    operationId: 'getTokenUsage',
    summary: 'Tokens issued in the last hour, per integration',
    description: 'Read from chat_identity_tokens_issued_total of this instance (behind a load balancer, each instance counts its own); integrations without a token since the start are left out.',
  })
  @ApiAnswer({ description: 'One entry per integration that issued tokens.', type: [IntegrationTokenUsage] })
  usage(): Promise<IntegrationTokenUsage[]> {
    return this.window.lastHour();
  }
}
