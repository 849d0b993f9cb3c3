import { Injectable } from '@nestjs/common';
import { UsersService } from '../users/users.service.js';
import { VendorRegistry } from './vendor-registry.js';

/**
 * Drops what vendors cached for a user (Gladly's minted tokens) once the user is erased, on every
 * instance: UsersService announces each erasure through the change feed and calls back here.
 */
@Injectable()
export class ErasedUserCachePurger {
  constructor(users: UsersService, vendors: VendorRegistry) {
    users.onErased((userId) => {
      for (const strategy of vendors.all()) strategy.forgetUser?.(userId);
    });
  }
}
