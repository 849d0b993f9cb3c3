import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChatIdentityMetrics } from '../metrics/chat-identity-metrics.js';
import { ChangeFeedService } from './change-feed.service.js';

/** Feeds the `chat_identity_cache_*` series from the caches the change feed keeps fresh, at scrape time. */
@Injectable()
export class CacheMetrics implements OnModuleInit {
  constructor(
    private readonly changeFeed: ChangeFeedService,
    private readonly metrics: ChatIdentityMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.readCacheStatsWith(() => this.changeFeed.status().caches);
  }
}
