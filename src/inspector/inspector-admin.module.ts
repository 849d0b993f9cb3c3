import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../admin-auth/admin-auth.module.js';
import { InspectorController } from './inspector.controller.js';
import { InspectorModule } from './inspector.module.js';

/** Admin API of the token inspector. */
@Module({ imports: [InspectorModule, AdminAuthModule], controllers: [InspectorController] })
export class InspectorAdminModule {}
