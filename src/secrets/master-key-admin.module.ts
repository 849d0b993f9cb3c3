import { Module } from '@nestjs/common';
import { AdminAccessModule } from '../admin/admin-access.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { MasterKeyController } from './master-key.controller.js';
import { SecretsModule } from './secrets.module.js';

/** Admin API for master-key rotation. */
@Module({ imports: [SecretsModule, AdminAccessModule, MetricsModule], controllers: [MasterKeyController] })
export class MasterKeyAdminModule {}
