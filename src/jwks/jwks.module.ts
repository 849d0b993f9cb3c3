import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { JwksService } from './jwks.service.js';

/** Our public keys (RS256 vendors): the JWK Set JwksApiModule serves. */
@Module({
  imports: [IntegrationsModule, SecretsModule],
  providers: [JwksService],
  exports: [JwksService],
})
export class JwksModule {}
