import { Module } from '@nestjs/common';
import { AdminAuthModule } from '../admin-auth/admin-auth.module.js';
import { CsvBodySupport } from './import/csv-body-support.js';
import { UsersAdminController } from './users-admin.controller.js';
import { UsersModule } from './users.module.js';

/** Admin API for users: lookup, erasure and bulk import (with the CSV body support its import needs). */
@Module({ imports: [UsersModule, AdminAuthModule], controllers: [UsersAdminController], providers: [CsvBodySupport] })
export class UsersAdminModule {}
