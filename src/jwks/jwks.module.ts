import { Module } from '@nestjs/common';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { JwksService } from './jwks.service.js';

/** Our public keys (RS256 vendors): the JWK Set JwksApiModule serves. */
@Module({
  imports: [IntegrationsModule, SecretsModule, ChangeFeedModule],
  providers: [JwksService],
  exports: [JwksService],
})
export class JwksModule {}
