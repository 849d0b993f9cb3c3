import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { VendorsModule } from '../vendors/vendors.module.js';
import { InspectorService } from './inspector.service.js';

/** The token inspector (its admin API is InspectorAdminModule). */
@Module({
  imports: [IntegrationsModule, SecretsModule, VendorsModule, AuditModule],
  providers: [InspectorService],
  exports: [InspectorService],
})
export class InspectorModule {}
