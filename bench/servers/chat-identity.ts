// (a) The chat-identity standalone service, built exactly as main.ts builds it (createHttpApp), its
// configuration from the environment the bench sets, listening on loopback only.
// (p) With BENCH_BODIES set: the same service with its token work (IdentityService.issue) replaced by
// the prepared answer, so everything else a token request goes through is priced on its own.
// (m) With BENCH_METRICS_OFF=1: the same service with every per-request metrics recording a no-op, so
// (a) against (m) prices what recording costs.
import 'reflect-metadata';
import { createHttpApp } from '../../src/http-app.js';
import { IdentityService, type WidgetIdentity } from '../../src/identity/identity.service.js';
import { ChatIdentityMetrics } from '../../src/metrics/chat-identity-metrics.js';
import { announceListening, environmentJson } from '../lib/child.js';

const app = await createHttpApp(process.env);
if (process.env.BENCH_BODIES !== undefined) {
  const prepared = environmentJson<Record<string, WidgetIdentity>>('BENCH_BODIES');
  app.get(IdentityService).issue = (integrationSlug) => Promise.resolve(prepared[integrationSlug]);
}
if (process.env.BENCH_METRICS_OFF === '1') {
  const metrics = app.get(ChatIdentityMetrics);
  for (const recording of ['tokenIssued', 'refused', 'requestCompleted'] as const) metrics[recording] = () => undefined;
}
await app.listen(0, '127.0.0.1');
announceListening(app.getHttpServer(), () => app.close());
