import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';

/** The host's user, as its own login attaches it to the request (Passport's `req.user`). */
export interface HostUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
}

interface HostRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: HostUser;
}

/** The request header carrying the fake host's session token. */
export const SESSION_HEADER = 'x-test-session';

/** Stand-in for the host's session store: session token -> signed-in user. */
export const HOST_SESSIONS: ReadonlyMap<string, HostUser> = new Map([
  ['session-alice', { id: 'host-user-alice', email: 'alice@example.com', name: 'Alice Admin', roles: ['admin'] }],
  ['session-bob', { id: 'host-user-bob', email: 'bob@example.com', name: 'Bob User', roles: [] }],
]);

/**
 * The host's login, registered as a global guard (APP_GUARD) the way Passport-based apps do it. Global
 * guards run before any controller's guards, so `req.user` is set when chat-identity's guards look.
 * Anonymous requests pass: each route decides (chat-identity answers them 401).
 */
@Injectable()
export class HostSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HostRequest>();
    const session = request.headers[SESSION_HEADER];
    request.user = typeof session === 'string' ? HOST_SESSIONS.get(session) : undefined;
    return true;
  }
}

/** The host's role check: lets through signed-in users holding `role`. */
export class HostRoleGuard implements CanActivate {
  constructor(private readonly role: string) {}

  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<HostRequest>().user?.roles.includes(this.role) ?? false;
  }
}
