import { Module } from '@nestjs/common';
import { MasterKeyController } from './master-key.controller.js';
import { SecretsModule } from './secrets.module.js';

/** Admin API for master-key rotation. */
@Module({ imports: [SecretsModule], controllers: [MasterKeyController] })
export class MasterKeyAdminModule {}
