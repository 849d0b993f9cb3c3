import { Controller, Header, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityRequestBody } from './identity-request-body.decorator.js';
import { IdentityService } from './identity.service.js';
import type { WidgetIdentity } from './identity.service.js';
import { IdentityRequestDto } from './subject/subject.dto.js';
import { RESOLVED_SUBJECT } from '../common/resolved-subject.js';
import { type RequestWithSubject, SubjectGuard } from './subject/subject.guard.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ClientAddressRateLimitGuard, SubjectRateLimitGuard } from '../rate-limit/rate-limit.guards.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { ApiEndUserSecurity } from '../openapi/security-schemes.js';
import { WIDGET_IDENTITY_MODELS, WIDGET_IDENTITY_SCHEMA } from '../openapi/widget-identity.schemas.js';

@ApiTags('identity')
@ApiEndUserSecurity()
// Per-address budget first (before any credential is checked), then who is calling, then their own budget.
@UseGuards(ClientAddressRateLimitGuard, SubjectGuard, SubjectRateLimitGuard)
// Its one body is validated by @IdentityRequestBody (see there).
@ChatIdentityApi()
@Controller('v1/identity')
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  /** The current user's widget identity for one integration: a signed token and the JS hand-off. */
  @Post(':integration')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'issueIdentity',
    summary: "The current user's widget identity for one integration",
    description:
      'Who is calling comes from the credential (an end user\'s bearer token, or a trusted server\'s X-Service-Key plus `subject`), ' +
      "never from the body. The answer's `handoff` is exactly what the vendor's widget call takes (typed per vendor, by `vendor`).",
  })
  @ApiBody({ type: IdentityRequestDto, required: false })
  @ApiExtraModels(...WIDGET_IDENTITY_MODELS)
  @ApiAnswer({ description: 'The widget identity, typed per vendor (by `vendor`).', schema: WIDGET_IDENTITY_SCHEMA, noStore: true })
  @ApiProblems([400, 401, 404, 413, 415, 422, 429, 502, 503], {
    400: 'The body is not a valid token request (a trusted server\'s `subject` with bad fields).',
    401: 'No valid end-user token, and no trusted-server key.',
    404: 'No enabled integration with this slug.',
    422: 'The user breaks a vendor rule (Glassix custom claims over 500 characters, Decimal without an email, ...).',
    429: 'Too many token requests from this client or for this user.',
    502: "The vendor refused the integration's stored credential (Gladly).",
    503: 'The database or the vendor API is unavailable, or the integration has no active secret.',
  })
  issue(
    @Param('integration') integration: string,
    @Req() request: RequestWithSubject,
    // Validated for shape only; the subject itself was already resolved (and trusted or not) by SubjectGuard.
    @IdentityRequestBody() _body: IdentityRequestDto,
  ): Promise<WidgetIdentity> {
    return this.identity.issue(integration, request[RESOLVED_SUBJECT]!);
  }
}
