import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { MasterKeyController } from './master-key.controller.js';
import { SecretsModule } from './secrets.module.js';

/** Admin API for master-key rotation. */
@Module({ imports: [SecretsModule, RateLimitModule], controllers: [MasterKeyController] })
export class MasterKeyAdminModule {}
