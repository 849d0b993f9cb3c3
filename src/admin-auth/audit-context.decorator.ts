import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuditContext } from '../audit/audit.service.js';
import { requestIdOf } from '../common/request-id.js';
import { ADMIN_IDENTITY, type AdminRequest } from './admin-request.js';

/** The acting admin (signed in by AdminGuard) and the request id, for the audit trail. */
export const AdminAuditContext = createParamDecorator((_data: unknown, context: ExecutionContext): AuditContext => {
  const request = context.switchToHttp().getRequest<AdminRequest & { id?: unknown }>();
  const admin = request[ADMIN_IDENTITY];
  return { actor: admin?.name ?? 'unknown-admin', actorRole: admin?.role ?? null, requestId: requestIdOf(request) };
});
