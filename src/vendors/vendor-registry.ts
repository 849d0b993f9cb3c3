import { Inject, Injectable } from '@nestjs/common';
import { validationFailed } from '../common/chat-identity.error.js';
import type { VendorStrategy } from './vendor-strategy.js';

export const VENDOR_STRATEGIES = Symbol('VENDOR_STRATEGIES');

/** Finds the strategy of a vendor by id. */
@Injectable()
export class VendorRegistry {
  private readonly byVendor: Map<string, VendorStrategy>;

  constructor(@Inject(VENDOR_STRATEGIES) strategies: VendorStrategy[]) {
    this.byVendor = new Map(strategies.map((strategy) => [strategy.definition.id, strategy]));
  }

  get(vendor: string): VendorStrategy {
    const strategy = this.byVendor.get(vendor);
    if (!strategy) {
      throw validationFailed(`Unknown vendor "${vendor}"`, [{ field: 'vendor', message: `must be one of ${this.vendors().join(', ')}` }]);
    }
    return strategy;
  }

  vendors(): string[] {
    return [...this.byVendor.keys()].sort();
  }

  all(): VendorStrategy[] {
    return [...this.byVendor.values()];
  }
}
