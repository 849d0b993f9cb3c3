import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { JwksController } from './jwks.controller.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { JwksModule } from './jwks.module.js';

/** `GET /v1/jwks/{integration}`, public: mounted with the end-user API (`controllers` is `identity` or `both`). */
@Module({ imports: [JwksModule, RateLimitModule, MetricsModule], controllers: [JwksController] })
export class JwksApiModule {}
