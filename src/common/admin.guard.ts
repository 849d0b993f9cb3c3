import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ADMIN_GUARD, InjectChatIdentityOptions } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { ADMIN_ACTOR, type AdminRequest } from './admin-request.js';
import { unauthenticated } from './chat-identity.error.js';

/** Runs the configured admin guard, then records who the admin is for the audit trail. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_GUARD) private readonly delegate: CanActivate,
    @InjectChatIdentityOptions() private readonly options: ChatIdentityModuleOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const allowed = await Promise.resolve(this.delegate.canActivate(context));
    if (allowed !== true) throw unauthenticated('Admin credentials are missing or wrong.');
    const request = context.switchToHttp().getRequest<AdminRequest>();
    request[ADMIN_ACTOR] ??= this.options.resolveAdminActor?.(request) ?? actorFromUser(request);
    return true;
  }
}

function actorFromUser(request: AdminRequest): string {
  const user = request.user;
  const name = [user?.id, user?.email, user?.sub].find((value) => typeof value === 'string' || typeof value === 'number');
  return name === undefined ? 'unknown-admin' : String(name);
}
