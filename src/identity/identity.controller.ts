import { Body, Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdentityService } from './identity.service.js';
import type { WidgetIdentity } from './identity.service.js';
import { TokenRateLimitGuard } from './token-rate-limit.guard.js';
import { IdentityRequestDto } from './subject/subject.dto.js';
import { RESOLVED_SUBJECT, type RequestWithSubject, SubjectGuard } from './subject/subject.guard.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';

@ApiTags('identity')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Service-Key', required: false, description: 'Trusted-server mode: names the subject in the body.' })
@UseGuards(SubjectGuard, TokenRateLimitGuard)
@ChatIdentityApi()
@Controller('v1/identity')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  /** The current user's widget identity for one integration: a signed token and the JS hand-off. */
  @Post(':integration')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'The widget identity; `handoff` is vendor specific (see the README).' })
  issue(
    @Param('integration') integration: string,
    @Req() request: RequestWithSubject,
    // Validated for shape only; the subject itself was already resolved (and trusted or not) by SubjectGuard.
    @Body() _body: IdentityRequestDto,
  ): Promise<WidgetIdentity> {
    return this.identity.issue(integration, request[RESOLVED_SUBJECT]!);
  }
}
