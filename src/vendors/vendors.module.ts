import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SecretsModule } from '../secrets/secrets.module.js';
import { UsersModule } from '../users/users.module.js';
import { HexHmacSigner } from './hex-hmac-signer.js';
import { TokenSigner } from './token-signer.js';
import { VendorCachePurger } from './vendor-cache-purger.js';
import { VENDOR_STRATEGY_CLASSES } from './vendor-catalog.js';
import { VENDOR_STRATEGIES, VendorRegistry } from './vendor-registry.js';

const strategies = [...VENDOR_STRATEGY_CLASSES];

@Module({
  imports: [UsersModule, SecretsModule, MetricsModule],
  providers: [
    TokenSigner,
    HexHmacSigner,
    ...strategies,
    { provide: VENDOR_STRATEGIES, useFactory: (...all: unknown[]) => all, inject: strategies },
    VendorRegistry,
    VendorCachePurger,
  ],
  exports: [VendorRegistry, HexHmacSigner],
})
export class VendorsModule {}
