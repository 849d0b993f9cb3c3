import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../admin-auth/admin-auth.module.js';
import { AuditController } from './audit.controller.js';
import { AuditModule } from './audit.module.js';

/** Admin API for reading the audit trail. */
@Module({ imports: [AuditModule, AdminAuthModule], controllers: [AuditController] })
export class AuditAdminModule {}
