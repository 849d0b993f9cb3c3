import { Controller, createParamDecorator, type ExecutionContext, Get, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ADMIN_ROLES, type AdminIdentity } from '../common/admin-identity.js';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { ApiAdminOperations } from '../openapi/admin-api.decorator.js';
import { ApiAnswer } from '../openapi/api-responses.decorator.js';
import { AdminGuard } from './admin.guard.js';
import { ADMIN_IDENTITY, type AdminRequest } from './admin-request.js';
import { RequiresRole } from './requires-role.decorator.js';

export class SignedInAdminResponse {
  @ApiProperty({ description: 'The name the audit trail gives this admin.', example: 'alice' })
  name!: string;

  @ApiProperty({ enum: ADMIN_ROLES, description: 'What this admin may do: viewer reads, operator also changes integrations and secrets, owner may do everything.' })
  role!: AdminIdentity['role'];
}

/** The admin AdminGuard signed in (it always sets one before the handler runs). */
const SignedInAdmin = createParamDecorator((_data: unknown, context: ExecutionContext): AdminIdentity | undefined => context.switchToHttp().getRequest<AdminRequest>()[ADMIN_IDENTITY]);

/** Who is signed in, so a client (the console) can leave out what the admin's role may not do; the API still refuses it. */
@ApiTags('admin: sign-in')
@ApiAdminOperations()
@UseGuards(AdminGuard)
@ChatIdentityApi()
@Controller('v1/admin/me')
export class AdminMeController {
  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ operationId: 'getSignedInAdmin', summary: 'The signed-in admin: name and role' })
  @ApiAnswer({ description: 'The signed-in admin.', type: SignedInAdminResponse })
  me(@SignedInAdmin() admin: AdminIdentity | undefined): SignedInAdminResponse {
    // Without an identity the guard would have refused; the least role is the safe answer all the same.
    return { name: admin?.name ?? 'unknown-admin', role: admin?.role ?? 'viewer' };
  }
}
