import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { DecimalStrategy } from './decimal/decimal.strategy.js';
import { ErasedUserCachePurger } from './erased-user-cache-purger.js';
import { GladlyStrategy } from './gladly/gladly.strategy.js';
import { GlassixStrategy } from './glassix/glassix.strategy.js';
import { TiledeskStrategy } from './tiledesk/tiledesk.strategy.js';
import { TokenSigner } from './token-signer.js';
import { VENDOR_STRATEGIES, VendorRegistry } from './vendor-registry.js';

/** A new vendor is one folder plus one entry here. */
const strategies = [GlassixStrategy, GladlyStrategy, DecimalStrategy, TiledeskStrategy];

@Module({
  imports: [UsersModule],
  providers: [
    TokenSigner,
    ...strategies,
    { provide: VENDOR_STRATEGIES, useFactory: (...all: unknown[]) => all, inject: strategies },
    VendorRegistry,
    ErasedUserCachePurger,
  ],
  exports: [VendorRegistry],
})
export class VendorsModule {}
