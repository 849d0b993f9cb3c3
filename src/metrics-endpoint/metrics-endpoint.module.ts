import { type DynamicModule, Module } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { METRICS_TOKEN, MetricsController } from './metrics.controller.js';

/** The standalone's `GET /metrics`: the module's metrics plus Node's process metrics (CPU, memory, event-loop lag). */
@Module({})
export class MetricsEndpointModule {
  constructor(metrics: ChatIdentityMetrics) {
    collectDefaultMetrics({ register: metrics.registry });
    withoutGaugesNamedTotal(metrics.registry);
  }

  static withToken(token: string | undefined): DynamicModule {
    return { module: MetricsEndpointModule, imports: [MetricsModule], controllers: [MetricsController], providers: [{ provide: METRICS_TOKEN, useValue: token }] };
  }
}

/**
 * Prometheus reserves `_total` for counters (promtool rejects a gauge named so). prom-client's
 * `nodejs_active_{handles,requests,resources}_total` are such gauges, and only the sums of the gauges of
 * the same name without `_total`, which stay: `sum(nodejs_active_handles)` gives the same number.
 */
function withoutGaugesNamedTotal(registry: Registry): void {
  for (const metric of registry.getMetricsAsArray()) {
    if ((metric as unknown) instanceof Gauge && metric.name.endsWith('_total')) registry.removeSingleMetric(metric.name);
  }
}
