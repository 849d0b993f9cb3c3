import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service.js';
import { ChatIdentityError, ChatIdentityErrorCode } from '../common/chat-identity.error.js';
import { requestIdOf } from '../common/request-id.js';
import { roleRequired } from './admin-auth.errors.js';
import type { AdminRequest } from './admin-request.js';
import { type AdminRole, roleCovers } from '../common/admin-identity.js';
import { AdminSignIn } from './admin-sign-in.js';
import { REQUIRED_ROLE, type RequiredRole } from './requires-role.decorator.js';

/** A route with no @RequiresRole is treated as the most sensitive kind. */
const UNDECLARED_ROLE: RequiredRole = { role: 'owner' };

/**
 * Signs the admin in (AdminSignIn), then lets them through when their role covers the route's
 * @RequiresRole. Every 403 is written to the audit trail, with who asked and what they lacked.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly signIn: AdminSignIn,
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest & { id?: unknown }>();
    const needed = this.requiredRole(context, request);
    let admin;
    try {
      admin = await this.signIn.signIn(request, context);
    } catch (error) {
      if (error instanceof ChatIdentityError && error.code === ChatIdentityErrorCode.Forbidden) {
        await this.recordRefusal(request, { name: this.signIn.actorName(request), role: null }, needed);
      }
      throw error;
    }
    if (roleCovers(admin.role, needed)) return true;
    await this.recordRefusal(request, admin, needed);
    throw roleRequired(needed, admin);
  }

  private requiredRole(context: ExecutionContext, request: AdminRequest): AdminRole {
    const declared = this.reflector.getAllAndOverride<RequiredRole | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? UNDECLARED_ROLE;
    const raised = declared.raisedBy && request.query?.[declared.raisedBy.query] === 'true';
    return raised ? declared.raisedBy!.role : declared.role;
  }

  private recordRefusal(request: AdminRequest & { id?: unknown }, actor: { name: string; role: AdminRole | null }, needed: AdminRole): Promise<void> {
    const path = String(request.originalUrl ?? request.url ?? '').split('?')[0];
    return this.audit.recordAlone(
      { actor: actor.name, actorRole: actor.role, requestId: requestIdOf(request) },
      { action: 'admin.refused', target: `route:${request.method ?? 'GET'} ${path}`, details: { requiredRole: needed } },
    );
  }
}
