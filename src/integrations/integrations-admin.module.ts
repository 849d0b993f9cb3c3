import { Module } from '@nestjs/common';
import { IntegrationSecretsController } from './integration-secrets.controller.js';
import { IntegrationsAdminController } from './integrations-admin.controller.js';
import { IntegrationsModule } from './integrations.module.js';

/** Admin API for integrations and their secret versions. */
@Module({ imports: [IntegrationsModule], controllers: [IntegrationsAdminController, IntegrationSecretsController] })
export class IntegrationsAdminModule {}
