import { Module } from '@nestjs/common';
import { AdminAccessModule } from '../admin/admin-access.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { AuditController } from './audit.controller.js';
import { AuditModule } from './audit.module.js';

/** Admin API for reading the audit trail. */
@Module({ imports: [AuditModule, AdminAccessModule, MetricsModule], controllers: [AuditController] })
export class AuditAdminModule {}
