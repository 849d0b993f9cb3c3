import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { getAdminGuardToken, getResolvedOptionsToken } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AdminGuard } from './admin.guard.js';
import { AdminSignIn } from './admin-sign-in.js';
import { AdminSessions } from './admin-session.js';

/** Admin sign-in and roles: what every admin API module imports for `@UseGuards(AdminGuard)`. */
@Module({
  imports: [RateLimitModule, AuditModule],
  providers: [
    { provide: getAdminGuardToken(), useFactory: (options: ResolvedChatIdentityOptions) => options.adminGuard, inject: [getResolvedOptionsToken()] },
    AdminSignIn,
    AdminGuard,
    AdminSessions,
  ],
  exports: [getAdminGuardToken(), AdminSignIn, AdminGuard, RateLimitModule, AuditModule, AdminSessions],
})
export class AdminAuthModule {}
