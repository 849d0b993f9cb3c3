import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditModule } from './audit.module.js';

/** Admin API for reading the audit trail. */
@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditAdminModule {}
