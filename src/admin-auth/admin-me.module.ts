import { Module } from '@nestjs/common';
import { AdminAuthModule } from './admin-auth.module.js';
import { AdminMeController } from './admin-me.controller.js';

/** Admin API: who is signed in (GET /v1/admin/me). */
@Module({ imports: [AdminAuthModule], controllers: [AdminMeController] })
export class AdminMeAdminModule {}
