import { Injectable } from '@nestjs/common';
import { SecretsService } from '../secrets/secrets.service.js';
import { UsersService } from '../users/users.service.js';
import { VendorRegistry } from './vendor-registry.js';

/**
 * Drops what vendors cached (Gladly's and HubSpot's minted tokens) for a user once the user is
 * erased, and for an integration once its secrets change, on every instance: both services announce
 * each change through the change feed and call back here.
 */
@Injectable()
export class VendorCachePurger {
  constructor(users: UsersService, secrets: SecretsService, vendors: VendorRegistry) {
    users.onErased((userId) => {
      for (const strategy of vendors.all()) strategy.forgetUser?.(userId);
    });
    secrets.onChanged((integrationId) => {
      for (const strategy of vendors.all()) strategy.forgetIntegration?.(integrationId);
    });
  }
}
