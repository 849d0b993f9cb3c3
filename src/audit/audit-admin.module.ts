import { Module } from '@nestjs/common';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { AuditController } from './audit.controller.js';
import { AuditModule } from './audit.module.js';

/** Admin API for reading the audit trail. */
@Module({ imports: [AuditModule, RateLimitModule], controllers: [AuditController] })
export class AuditAdminModule {}
