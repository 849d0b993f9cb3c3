import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { IntegrationEntity } from './entities/integration.entity.js';
import { IntegrationLookupService } from './integration-lookup.service.js';
import { IntegrationsService } from './integrations.service.js';
import { SecretAgeMetrics } from './secret-age.metrics.js';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationEntity]), AuditModule, ChangeFeedModule, SecretsModule, VendorsModule, MetricsModule],
  providers: [IntegrationLookupService, IntegrationsService, SecretAgeMetrics],
  exports: [IntegrationLookupService, IntegrationsService],
})
export class IntegrationsModule {}
