import { Module } from '@nestjs/common';
import { ChangeFeedService } from './change-feed.service.js';

@Module({ providers: [ChangeFeedService], exports: [ChangeFeedService] })
export class ChangeFeedModule {}
