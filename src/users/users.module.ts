import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { EndUserEntity } from './entities/end-user.entity.js';
import { UserImportService } from './import/user-import.service.js';
import { UsersAdminService } from './users-admin.service.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([EndUserEntity]), ChangeFeedModule, AuditModule],
  providers: [UsersService, UserImportService, UsersAdminService],
  exports: [UsersService, UserImportService, UsersAdminService],
})
export class UsersModule {}
