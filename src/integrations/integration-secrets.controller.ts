import { Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditContext } from '../audit/audit.service.js';
import { AdminGuard } from '../admin-auth/admin.guard.js';
import { RequiresRole } from '../admin-auth/requires-role.decorator.js';
import { AdminAuditContext } from '../admin-auth/audit-context.decorator.js';
import type { SecretMetadata } from '../secrets/secret-metadata.js';
import { SecretRotationService } from '../secrets/secret-rotation.service.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { AddSecretDto } from './dto/integration.dto.js';
import { IntegrationsService } from './integrations.service.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { BooleanQuery, PositiveIntParam } from '../common/strict-params.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { SecretVersionResponse } from '../secrets/dto/secret-version.response.js';
import { ValidatedBody } from '../common/validated-input.decorator.js';

@ApiTags('admin: secrets')
@ApiAdminOperations()
@ApiParam({ name: 'slug', example: 'glassix-support' })
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/integrations/:slug/secrets')
export class IntegrationSecretsController {
  constructor(
    private readonly integrations: IntegrationsService,
    private readonly secrets: SecretsService,
    private readonly rotation: SecretRotationService,
  ) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'listSecrets', summary: "Metadata of every version of an integration's secret" })
  @ApiAnswer({ description: 'Every version, newest first.', type: [SecretVersionResponse] })
  @ApiProblems([404])
  async list(@Param('slug') slug: string): Promise<SecretMetadata[]> {
    return this.secrets.list((await this.integrations.owner(slug)).id);
  }

  /**
   * `activate: true` (default) rotates at once; `false` stages the version as `pending` (register it with
   * the vendor, then activate). `{ "generate": true }` makes an RSA key pair for vendors that fetch our JWK Set.
   */
  @Post()
  @RequiresRole('operator')
  @ApiOperation({ operationId: 'addSecret', summary: 'Store a new secret version: rotate now, or stage it' })
  @ApiAnswer({ status: 201, description: 'The new version.', type: SecretVersionResponse })
  @ApiProblems([400, 404, 409, 413])
  @ApiBody({ type: AddSecretDto })
  add(@Param('slug') slug: string, @ValidatedBody(AddSecretDto) dto: AddSecretDto, @AdminAuditContext() context: AuditContext): Promise<SecretMetadata> {
    return this.integrations.addSecret(slug, dto, dto.activate ?? true, context);
  }

  @Post(':version/activate')
  @RequiresRole('operator')
  @HttpCode(200)
  @ApiOperation({ operationId: 'activateSecret', summary: 'Make a staged version the active one (the active one retires)' })
  @ApiAnswer({ description: 'The version, active now.', type: SecretVersionResponse })
  @ApiProblems([400, 404, 409], { 409: 'This version cannot become active (it is revoked).' })
  async activate(
    @Param('slug') slug: string,
    @PositiveIntParam('version') version: number,
    @AdminAuditContext() context: AuditContext,
  ): Promise<SecretMetadata> {
    return this.rotation.activate(await this.integrations.owner(slug), version, context);
  }

  /** Revoking the active version answers 409 unless `?force=true` (then every token request answers 503 until another is activated). */
  @Post(':version/revoke')
  @RequiresRole('operator', { query: 'force', role: 'owner' })
  @HttpCode(200)
  @ApiQuery({ name: 'force', required: false, type: Boolean, description: 'Revoke even the active version, leaving none active.' })
  @ApiOperation({ operationId: 'revokeSecret', summary: 'Take a version out of use immediately' })
  @ApiAnswer({ description: 'The version, revoked.', type: SecretVersionResponse })
  @ApiProblems([400, 404, 409], { 409: 'The version is the active one and force is not true; the attempt is audited.' })
  async revoke(
    @Param('slug') slug: string,
    @PositiveIntParam('version') version: number,
    @BooleanQuery('force') force: boolean,
    @AdminAuditContext() context: AuditContext,
  ): Promise<SecretMetadata> {
    return this.rotation.revoke(await this.integrations.owner(slug), version, context, { force });
  }
}
