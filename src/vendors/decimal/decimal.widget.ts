// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface DecimalHandoff {
  boot: { user_token: string };
}

export interface DecimalGlobals {
  Decimal?: { boot(options: DecimalHandoff['boot']): void; shutdown(): void };
}

// Embedded with data-disable-autoboot: boot with the token; shutdown, then boot again, for anything new.
export const decimal: VendorWidget<DecimalHandoff, DecimalGlobals> = {
  loaded: (page) => typeof page.Decimal?.boot === 'function',
  handOff: (page, { handoff }) => page.Decimal!.boot(handoff.boot),
  refresh(page, { handoff }) {
    page.Decimal!.shutdown();
    page.Decimal!.boot(handoff.boot);
  },
  logout: (page) => page.Decimal?.shutdown(),
};
