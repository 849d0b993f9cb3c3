import { Module } from '@nestjs/common';
import { getAdminGuardToken, getResolvedOptionsToken } from '../chat-identity.constants.js';
import type { ResolvedChatIdentityOptions } from '../chat-identity.options.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';

/** What AdminGuard needs on every admin API: the configured admin guard and the failed sign-in counters. */
@Module({
  imports: [RateLimitModule],
  providers: [
    {
      provide: getAdminGuardToken(),
      useFactory: (options: ResolvedChatIdentityOptions) => options.adminGuard,
      inject: [getResolvedOptionsToken()],
    },
  ],
  exports: [getAdminGuardToken(), RateLimitModule],
})
export class AdminAccessModule {}
