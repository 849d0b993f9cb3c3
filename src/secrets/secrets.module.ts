import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { CHAT_IDENTITY_MODULE_OPTIONS } from '../chat-identity.module-definition.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { IntegrationSecretEntity } from './entities/integration-secret.entity.js';
import { SecretCipher } from './secret-cipher.js';
import { SecretsService } from './secrets.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationSecretEntity]), AuditModule, ChangeFeedModule],
  providers: [
    {
      provide: SecretCipher,
      useFactory: (options: ChatIdentityModuleOptions) => new SecretCipher(options.masterKeys),
      inject: [CHAT_IDENTITY_MODULE_OPTIONS],
    },
    SecretsService,
  ],
  exports: [SecretsService],
})
export class SecretsModule {}
