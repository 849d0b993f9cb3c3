import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../admin-auth/admin-auth.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { IntegrationSecretsController } from './integration-secrets.controller.js';
import { IntegrationsAdminController } from './integrations-admin.controller.js';
import { IntegrationsModule } from './integrations.module.js';

/** Admin API for integrations and their secret versions. */
@Module({ imports: [IntegrationsModule, SecretsModule, AdminAuthModule], controllers: [IntegrationsAdminController, IntegrationSecretsController] })
export class IntegrationsAdminModule {}
