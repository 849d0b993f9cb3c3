// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface HelpscoutHandoff {
  identify: { name?: string; email: string; signature: string };
}

export interface HelpscoutGlobals {
  Beacon?: (method: string, ...args: unknown[]) => void;
}

export const helpscout: VendorWidget<HelpscoutHandoff, HelpscoutGlobals> = {
  loaded: (page) => typeof page.Beacon === 'function',
  handOff: (page, { handoff }) => page.Beacon!('identify', handoff.identify),
  logout: (page) => page.Beacon?.('logout'),
};
