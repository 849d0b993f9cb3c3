import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AdminAuditContext } from '../admin-auth/audit-context.decorator.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { ValidatedBody } from '../common/validated-input.decorator.js';
import { InspectionReportView, InspectCredentialDto } from './dto/inspection.dto.js';
import { InspectorService } from './inspector.service.js';

const GLASSIX_UPPER_CASE_AUD =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiI1YzBkMmYzNi05ZDVmLTRkNDMtYTdiOS0zYzVmNThhZDVhMWUiLCJhdWQiOiJEQjc5RTc3NS04MUZELTRGMkUtODc0MS05MjY2RTkyMENDMzIiLCJzdWIiOiIiLCJpYXQiOjE3Nzk0MDAwMDAsImV4cCI6MTc3OTQxODAwMH0.signature';

const TILEDESK_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJfaWQiOiI2NWYxYzBkZV9kYjc5ZTc3NS04MWZkLTRmMmUtODc0MS05MjY2ZTkyMGNjMzIiLCJzdWIiOiJ1c2VyZXh0ZXJuYWwiLCJhdWQiOiJodHRwczovL3RpbGVkZXNrLmNvbS9wcm9qZWN0cy82NWYxYzBkZSIsImVtYWlsIjoiYWRhQGV4YW1wbGUuY29tIiwiaWF0IjoxNzc5NDAwMDAwLCJleHAiOjE3Nzk0MDM2MDB9.signature';

@ApiTags('admin: inspector')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/integrations/:slug/inspect')
export class InspectorController {
  constructor(private readonly inspector: InspectorService) {}

  @Post()
  @RequiresRole('viewer')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'inspectCredential',
    summary: 'What the vendor would see in a credential, and why it would refuse it',
    description:
      "By the vendor's credential kind: a JWT ({ token }) is decoded without trusting it and its signature checked with the " +
      "vendor's one algorithm (HS256, or RS256 for our own key pairs; alg \"none\" is never accepted); a hash signature " +
      '({ signature, signed }) is recomputed over the signed value; a vendor-minted token (Gladly) is only read. Either way the ' +
      'report names the stored secret version that made it (pending, active, retired or revoked) and checks every documented ' +
      "rule of the integration's vendor, each finding in plain language with the fix. Never echoes a secret. Audited as " +
      'token.inspected with the verdict (not the credential).',
  })
  @ApiBody({
    type: InspectCredentialDto,
    examples: {
      glassix: { summary: 'A Glassix identityToken', value: { token: GLASSIX_UPPER_CASE_AUD } },
      tiledesk: { summary: "Tiledesk's signInWithCustomToken string", value: { token: `JWT ${TILEDESK_TOKEN}` } },
      hash: {
        summary: "A hash vendor's signature and the value it signs",
        value: { signature: 'c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2', signed: 'ada@example.com' },
      },
    },
  })
  @ApiAnswer({
    type: InspectionReportView,
    description: 'The decoded token, the signature verdict and one finding per vendor rule.',
    example: {
      integration: 'glassix-support',
      vendor: 'glassix',
      ok: false,
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { iss: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', aud: 'DB79E775-81FD-4F2E-8741-9266E920CC32', sub: '', iat: 1779400000, exp: 1779418000 },
      signature: { valid: true, verifiable: true, version: 2, state: 'active', message: 'Signed with version 2, the active secret.' },
      findings: [
        { rule: 'glassix.alg.hs256', ok: true, message: 'alg is HS256, as the vendor expects.' },
        { rule: 'glassix.aud.lowercase-uuid', ok: false, message: 'aud is upper case: Glassix needs the lower-case UUID you pass as uniqueIdentifier.' },
      ],
    },
  })
  @ApiProblems([400, 404, 413, 422], {
    400: "The vendor's credential fields are missing: token for JWT and minted vendors, signature and signed for hash vendors.",
    404: 'No integration with this slug.',
    413: 'The token is over 16 KB; refused before decoding.',
    422: 'Not a decodable JWT: not 3 dot-separated parts, bad base64url, or JSON that is not an object; the problem says which.',
  })
  inspect(@Param('slug') slug: string, @ValidatedBody(InspectCredentialDto) dto: InspectCredentialDto, @AdminAuditContext() context: AuditContext): Promise<InspectionReportView> {
    return this.inspector.inspect(slug, dto, context);
  }
}
