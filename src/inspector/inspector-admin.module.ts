import { Module } from '@nestjs/common';
import { AdminAccessModule } from '../admin/admin-access.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { InspectorController } from './inspector.controller.js';
import { InspectorModule } from './inspector.module.js';

/** Admin API of the token inspector. */
@Module({ imports: [InspectorModule, AdminAccessModule, MetricsModule], controllers: [InspectorController] })
export class InspectorAdminModule {}
