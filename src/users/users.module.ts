import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { EndUserEntity } from './entities/end-user.entity.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([EndUserEntity]), ChangeFeedModule],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
