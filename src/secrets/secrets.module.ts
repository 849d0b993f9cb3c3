import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { getChatIdentityOptionsToken } from '../chat-identity.constants.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { IntegrationSecretEntity } from './entities/integration-secret.entity.js';
import { MasterKeysService } from './master-keys.service.js';
import { SecretCipher } from './secret-cipher.js';
import { SecretKeyring } from './secret-keyring.js';
import { SecretRotationService } from './secret-rotation.service.js';
import { SecretsService } from './secrets.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationSecretEntity]), AuditModule, ChangeFeedModule],
  providers: [
    {
      provide: SecretCipher,
      useFactory: (options: ChatIdentityModuleOptions) => new SecretCipher(options.masterKeys),
      inject: [getChatIdentityOptionsToken()],
    },
    SecretKeyring,
    SecretsService,
    SecretRotationService,
    MasterKeysService,
  ],
  exports: [SecretsService, SecretRotationService, MasterKeysService],
})
export class SecretsModule {}
