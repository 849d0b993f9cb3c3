import { Module } from '@nestjs/common';
import { AdminAccessModule } from '../admin/admin-access.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { CsvBodySupport } from './import/csv-body-support.js';
import { UsersAdminController } from './users-admin.controller.js';
import { UsersModule } from './users.module.js';

/** Admin API for users: lookup, erasure and bulk import (with the CSV body support its import needs). */
@Module({ imports: [UsersModule, AdminAccessModule, MetricsModule], controllers: [UsersAdminController], providers: [CsvBodySupport] })
export class UsersAdminModule {}
