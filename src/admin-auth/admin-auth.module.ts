import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { getAdminGuardToken, getResolvedOptionsToken } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AdminGuard } from './admin.guard.js';
import { AdminSignIn } from './admin-sign-in.js';

/** Admin sign-in and roles: what every admin API module imports for `@UseGuards(AdminGuard)`. */
@Module({
  imports: [RateLimitModule, AuditModule],
  providers: [
    { provide: getAdminGuardToken(), useFactory: (options: ResolvedChatIdentityOptions) => options.adminGuard, inject: [getResolvedOptionsToken()] },
    AdminSignIn,
    AdminGuard,
  ],
  exports: [getAdminGuardToken(), AdminSignIn, AdminGuard, RateLimitModule, AuditModule],
})
export class AdminAuthModule {}
