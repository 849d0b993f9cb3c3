import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ClientAddressRateLimitGuard, SubjectRateLimitGuard } from './rate-limit.guards.js';
import { rateLimitStorageProvider } from './rate-limit.providers.js';
import { RateLimiter } from './rate-limiter.js';
import { RATE_LIMIT_STORAGE } from './rate-limit-storage.interface.js';

@Module({
  imports: [MetricsModule],
  providers: [rateLimitStorageProvider, RateLimiter, ClientAddressRateLimitGuard, SubjectRateLimitGuard],
  exports: [RATE_LIMIT_STORAGE, RateLimiter, ClientAddressRateLimitGuard, SubjectRateLimitGuard],
})
export class RateLimitModule {}
