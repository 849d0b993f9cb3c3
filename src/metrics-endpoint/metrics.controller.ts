import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { unauthenticated } from '../common/chat-identity.error.js';
import { matchesOneOf } from '../common/constant-time.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';

/** The bearer token `GET /metrics` requires, or undefined for an open endpoint. */
export const METRICS_TOKEN = Symbol('CHAT_IDENTITY_METRICS_TOKEN');

/** The standalone's own security scheme for it (http-app.ts defines it in the document). */
export const METRICS_SECURITY_SCHEME = 'metrics-token';

/** Prometheus scrape endpoint of the standalone service. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ChatIdentityMetrics,
    @Inject(METRICS_TOKEN) private readonly token: string | undefined,
  ) {}

  @Get()
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics of this instance' })
  @ApiSecurity(METRICS_SECURITY_SCHEME)
  @ApiAnswer({ description: 'Prometheus text exposition format.', content: 'text/plain', schema: { type: 'string' } })
  @ApiProblems([401], { 401: 'METRICS_TOKEN is set and the request does not carry it.' })
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.token !== undefined) {
      const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
      if (!matchesOneOf(presented, [this.token])) throw unauthenticated('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
    }
    return this.metrics.registry.metrics();
  }
}
