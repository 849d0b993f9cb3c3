import { Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdentityRequestBody } from './identity-request-body.decorator.js';
import { IdentityService } from './identity.service.js';
import type { WidgetIdentity } from './identity.service.js';
import { IdentityRequestDto } from './subject/subject.dto.js';
import { RESOLVED_SUBJECT, type RequestWithSubject, SubjectGuard } from './subject/subject.guard.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ClientAddressRateLimitGuard, SubjectRateLimitGuard } from '../rate-limit/rate-limit.guards.js';

@ApiTags('identity')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Service-Key', required: false, description: 'Trusted-server mode: names the subject in the body.' })
// Per-address budget first (before any credential is checked), then who is calling, then their own budget.
@UseGuards(ClientAddressRateLimitGuard, SubjectGuard, SubjectRateLimitGuard)
// Its one body is validated by @IdentityRequestBody, without the module's ValidationPipe (see there).
@ChatIdentityApi({ validationPipe: false })
@Controller('v1/identity')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  /** The current user's widget identity for one integration: a signed token and the JS hand-off. */
  @Post(':integration')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: IdentityRequestDto, required: false })
  @ApiOkResponse({ description: 'The widget identity; `handoff` is vendor specific (see the README).' })
  issue(
    @Param('integration') integration: string,
    @Req() request: RequestWithSubject,
    // Validated for shape only; the subject itself was already resolved (and trusted or not) by SubjectGuard.
    @IdentityRequestBody() _body: IdentityRequestDto,
  ): Promise<WidgetIdentity> {
    return this.identity.issue(integration, request[RESOLVED_SUBJECT]!);
  }
}
