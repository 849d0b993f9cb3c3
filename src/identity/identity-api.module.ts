import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { IdentityController } from './identity.controller.js';
import { IdentityModule } from './identity.module.js';

/** The end-user API, `POST /v1/identity/{integration}`: mounted when `controllers` is `identity` or `both`. */
@Module({ imports: [IdentityModule, RateLimitModule, MetricsModule], controllers: [IdentityController] })
export class IdentityApiModule {}
