import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { METRICS_TOKEN, MetricsController } from './metrics.controller.js';

/** The standalone's `GET /metrics`: the module's metrics plus Node's process metrics (CPU, memory, event-loop lag). */
@Module({})
export class MetricsEndpointModule {
  constructor(metrics: ChatIdentityMetrics) {
    collectDefaultMetrics({ register: metrics.registry });
  }

  static withToken(token: string | undefined): DynamicModule {
    return { module: MetricsEndpointModule, imports: [MetricsModule], controllers: [MetricsController], providers: [{ provide: METRICS_TOKEN, useValue: token }] };
  }
}
