import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { unauthenticated } from '../common/chat-identity.error.js';
import { matchesOneOf } from '../common/constant-time.js';
import { ChatIdentityMetrics } from './chat-identity-metrics.js';

/** The bearer token `GET /metrics` requires, or undefined for an open endpoint. */
export const METRICS_TOKEN = Symbol('CHAT_IDENTITY_METRICS_TOKEN');

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
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'Prometheus text exposition format; `Authorization: Bearer <METRICS_TOKEN>` when one is set.' })
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (this.token !== undefined) {
      const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
      if (!matchesOneOf(presented, [this.token])) throw unauthenticated('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.');
    }
    return this.metrics.registry.metrics();
  }
}
