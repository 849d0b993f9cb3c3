import { Controller, Delete, Get, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AdminAuditContext } from '../admin-auth/audit-context.decorator.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { BulkBody } from '../common/request-input.guard.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import {
  AdminUserView,
  ErasedUserView,
  IMPORT_CSV_EXAMPLE,
  IMPORT_JSON_EXAMPLE,
  ImportReportView,
} from './dto/users-admin.dto.js';
import { type ImportRequest, MAX_IMPORT_BYTES, readImportBody } from './import/import-body.js';
import { UsersAdminService } from './users-admin.service.js';

const USER_ID_PARAM = {
  name: 'userId',
  description: 'The stable UUID the vendors know the user by (either case).',
  schema: { type: 'string', format: 'uuid' },
  example: 'db79e775-81fd-4f2e-8741-9266e920cc32',
} as const;
const EXTERNAL_ID_PARAM = { name: 'externalId', description: "The host application's user key, URL-encoded.", example: 'customer-42' };

@ApiTags('admin: users')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/users')
export class UsersAdminController {
  constructor(private readonly users: UsersAdminService) {}

  @Get('by-id/:userId')
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'getUserById', summary: 'A user by the stable UUID the vendors know them by', description: 'Answers "which customer is this vendor conversation with?".' })
  @ApiParam(USER_ID_PARAM)
  @ApiAnswer({ type: AdminUserView, description: 'The user.' })
  @ApiProblems([400, 404], { 400: 'Not a UUID.', 404: 'No user with this UUID (never issued, or erased).' })
  getById(@Param('userId') userId: string): Promise<AdminUserView> {
    return this.users.getById(userId);
  }

  @Get(':externalId')
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'getUser', summary: "A user's stable UUID and stored profile", description: 'Answers "which UUID does the vendor know this customer by?".' })
  @ApiParam(EXTERNAL_ID_PARAM)
  @ApiAnswer({ type: AdminUserView, description: 'The user.' })
  @ApiProblems([404], { 404: 'No user with this external id (never seen, or erased).' })
  get(@Param('externalId') externalId: string): Promise<AdminUserView> {
    return this.users.get(externalId);
  }

  @Delete(':externalId')
  @RequiresRole('owner')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'eraseUser',
    summary: 'Erase a user',
    description:
      'Deletes the row; every instance forgets the cached UUID and any vendor token cached for it (Gladly). ' +
      'The next token request for this user gets a NEW UUID, so vendor history under the old one is no longer linked. ' +
      'Audited as user.erased (external id and UUID only). Answers 200 with the erased UUID, to pass on to the vendors.',
  })
  @ApiParam(EXTERNAL_ID_PARAM)
  @ApiAnswer({ type: ErasedUserView, description: 'Erased; tell the vendors this UUID if their history must go too.' })
  @ApiProblems([404], { 404: 'No user with this external id.' })
  erase(@Param('externalId') externalId: string, @AdminAuditContext() context: AuditContext): Promise<ErasedUserView> {
    return this.users.erase(externalId, context);
  }

  @Post('import')
  @RequiresRole('owner')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importUsers',
    summary: 'Bulk import externalId -> UUID pairs (all or nothing)',
    description:
      'Body: a JSON array of { externalId, uuid }, or text/csv with the header line externalId,uuid (RFC 4180 quoting). ' +
      `At most ${MAX_IMPORT_BYTES / (1024 * 1024)} MiB (about 200k pairs); CSV is parsed as it streams in and stored in multi-row batches. ` +
      'Pairs already stored identically count as alreadyPresent. A pair whose external id is mapped to another UUID (or whose UUID ' +
      'belongs to another user) rejects the whole batch: 409 naming each such pair. Problems name rows as rows[i], the i-th pair ' +
      '(CSV: the i-th line after the header). Audited as users.imported with the counts.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'array',
          items: {
            type: 'object',
            required: ['externalId', 'uuid'],
            properties: { externalId: { type: 'string', maxLength: 255 }, uuid: { type: 'string', format: 'uuid' } },
          },
        },
        { type: 'string', description: 'text/csv: externalId,uuid then one pair per line' },
      ],
    },
    examples: {
      json: { summary: 'application/json', value: IMPORT_JSON_EXAMPLE },
      csv: { summary: 'text/csv', value: IMPORT_CSV_EXAMPLE },
    },
  })
  @BulkBody()
  @ApiAnswer({ type: ImportReportView, description: 'Every pair is now stored (inserted) or already was (alreadyPresent).' })
  @ApiProblems([400, 409, 413, 415], {
    400: 'Malformed rows (bad UUID, empty or repeated external id, wrong CSV columns): errors[] names each as rows[i].',
    409: 'A pair contradicts a stored mapping; nothing was imported; errors[] names each pair by external id and rows[i].',
    413: 'The body is over the import limit; split it.',
    415: 'Neither application/json nor text/csv.',
  })
  async import(@Req() request: ImportRequest, @AdminAuditContext() context: AuditContext): Promise<ImportReportView> {
    const { format, rows } = await readImportBody(request);
    return this.users.import(rows, format, context);
  }
}
