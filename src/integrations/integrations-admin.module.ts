import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { IntegrationSecretsController } from './integration-secrets.controller.js';
import { IntegrationsAdminController } from './integrations-admin.controller.js';
import { IntegrationsModule } from './integrations.module.js';

/** Admin API for integrations and their secret versions. */
@Module({ imports: [IntegrationsModule, RateLimitModule], controllers: [IntegrationsAdminController, IntegrationSecretsController] })
export class IntegrationsAdminModule {}
