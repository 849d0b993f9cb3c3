import { Module } from '@nestjs/common';
import { PROBLEM_OBSERVER } from '../common/problem-observer.js';
import { ChatIdentityMetrics } from './chat-identity-metrics.js';

/** The module's Prometheus registry; it counts the problem filter's refusals too (PROBLEM_OBSERVER). */
@Module({
  providers: [ChatIdentityMetrics, { provide: PROBLEM_OBSERVER, useExisting: ChatIdentityMetrics }],
  exports: [ChatIdentityMetrics, PROBLEM_OBSERVER],
})
export class MetricsModule {}
