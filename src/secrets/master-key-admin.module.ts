import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../admin-auth/admin-auth.module.js';
import { MasterKeyController } from './master-key.controller.js';
import { SecretsModule } from './secrets.module.js';

/** Admin API for master-key rotation. */
@Module({ imports: [SecretsModule, AdminAuthModule], controllers: [MasterKeyController] })
export class MasterKeyAdminModule {}
