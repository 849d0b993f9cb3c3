import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../../admin-auth/admin-auth.module.js';
import { MetricsModule } from '../../metrics/metrics.module.js';
import { TokenUsageController } from './token-usage.controller.js';
import { TokensIssuedWindow } from './tokens-issued-window.js';

/** Admin API: tokens issued in the last hour, per integration (the console's integrations list shows it). */
@Module({ imports: [AdminAuthModule, MetricsModule], controllers: [TokenUsageController], providers: [TokensIssuedWindow] })
export class TokenUsageAdminModule {}
