import { Module } from '@nestjs/common';
import { ChatIdentityMetrics } from './chat-identity-metrics.js';

@Module({ providers: [ChatIdentityMetrics], exports: [ChatIdentityMetrics] })
export class MetricsModule {}
