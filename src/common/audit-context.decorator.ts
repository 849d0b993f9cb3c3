import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuditContext } from '../audit/audit.service.js';
import { ADMIN_ACTOR, type AdminRequest } from './admin-request.js';
import { requestIdOf } from './request-id.js';

/** The acting admin (set by AdminGuard) and the request id, for the audit trail. */
export const AdminAuditContext = createParamDecorator((_data: unknown, context: ExecutionContext): AuditContext => {
  const request = context.switchToHttp().getRequest<AdminRequest & { id?: unknown }>();
  return { actor: request[ADMIN_ACTOR] ?? 'unknown-admin', requestId: requestIdOf(request) };
});
