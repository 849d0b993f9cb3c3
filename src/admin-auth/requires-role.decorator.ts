import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AdminRole } from '../common/admin-identity.js';

export const REQUIRED_ROLE = Symbol('chat-identity.required-role');

/** A query flag that, when `true`, raises the role a route needs (a forced revoke needs an owner). */
export interface RoleRaisingFlag {
  query: string;
  role: AdminRole;
}

export interface RequiredRole {
  role: AdminRole;
  raisedBy?: RoleRaisingFlag;
}

/**
 * The least role an admin route needs, checked by AdminGuard and named in the OpenAPI document
 * (`x-required-role`, and `x-role-raised-by` for a raising flag).
 */
export const RequiresRole = (role: AdminRole, raisedBy?: RoleRaisingFlag): MethodDecorator =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, { role, raisedBy } satisfies RequiredRole),
    ApiExtension('x-required-role', role),
    ...(raisedBy ? [ApiExtension('x-role-raised-by', { query: raisedBy.query, value: true, role: raisedBy.role })] : []),
  );
