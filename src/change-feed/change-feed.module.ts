import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { CacheMetrics } from './cache.metrics.js';
import { ChangeFeedService } from './change-feed.service.js';

@Module({ imports: [MetricsModule], providers: [ChangeFeedService, CacheMetrics], exports: [ChangeFeedService] })
export class ChangeFeedModule {}
