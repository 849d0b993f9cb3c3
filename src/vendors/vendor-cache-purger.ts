import { Injectable } from '@nestjs/common';
import { ChangeFeedService } from '../change-feed/change-feed.service.js';
import { VendorRegistry } from './vendor-registry.js';

/**
 * Drops what vendors cached (Gladly's and HubSpot's minted tokens) for a user once the user is
 * erased, and for an integration once its secrets change, on every instance: it hears of both on the
 * change feed, at the commit on the writing instance and by NOTIFY on the others.
 */
@Injectable()
export class VendorCachePurger {
  constructor(changeFeed: ChangeFeedService, vendors: VendorRegistry) {
    changeFeed.subscribe('user-erased', (userId) => {
      for (const strategy of vendors.all()) strategy.forgetUser?.(userId);
    });
    changeFeed.subscribe('secret', (integrationId) => {
      for (const strategy of vendors.all()) strategy.forgetIntegration?.(integrationId);
    });
  }
}
