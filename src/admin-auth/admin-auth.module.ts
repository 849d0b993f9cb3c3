import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AdminGuard } from './admin.guard.js';
import { AdminSignIn } from './admin-sign-in.js';

/** Admin sign-in and roles: what every admin API module imports for `@UseGuards(AdminGuard)`. */
@Module({
  imports: [RateLimitModule, AuditModule],
  providers: [AdminSignIn, AdminGuard],
  exports: [AdminSignIn, AdminGuard, RateLimitModule, AuditModule],
})
export class AdminAuthModule {}
