import { Module } from '@nestjs/common';
import { AdminAccessModule } from '../admin/admin-access.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { IntegrationSecretsController } from './integration-secrets.controller.js';
import { IntegrationsAdminController } from './integrations-admin.controller.js';
import { IntegrationsModule } from './integrations.module.js';

/** Admin API for integrations and their secret versions. */
@Module({ imports: [IntegrationsModule, SecretsModule, AdminAccessModule, MetricsModule], controllers: [IntegrationsAdminController, IntegrationSecretsController] })
export class IntegrationsAdminModule {}
