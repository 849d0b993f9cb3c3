import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ChangeFeedModule } from '../change-feed/change-feed.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { HexHmacSigner } from './hex-hmac-signer.js';
import { Rs256TokenSigner } from './rs256-token-signer.js';
import { TokenSigner } from './token-signer.js';
import { VendorCachePurger } from './vendor-cache-purger.js';
import { VENDOR_STRATEGY_CLASSES } from './vendor-catalog.js';
import { VENDOR_STRATEGIES, VendorRegistry } from './vendor-registry.js';

const strategies = [...VENDOR_STRATEGY_CLASSES];

@Module({
  // Per-call keys (each integration's own): no module-wide secret.
  imports: [ChangeFeedModule, MetricsModule, JwtModule.register({})],
  providers: [
    TokenSigner,
    HexHmacSigner,
    Rs256TokenSigner,
    ...strategies,
    { provide: VENDOR_STRATEGIES, useFactory: (...all: unknown[]) => all, inject: strategies },
    VendorRegistry,
    VendorCachePurger,
  ],
  exports: [VendorRegistry, HexHmacSigner],
})
export class VendorsModule {}
