import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { UsersModule } from '../users/users.module.js';
import { IdentityService } from './identity.service.js';

@Module({
  imports: [IntegrationsModule, UsersModule, MetricsModule],
  providers: [IdentityService],
  exports: [IdentityService],
})
export class IdentityModule {}
