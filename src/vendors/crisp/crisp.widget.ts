// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface CrispHandoff {
  /** Each entry goes to `$crisp.push(entry)`: `["set", "user:email", [email, signature]]`. */
  push: unknown[][];
}

export interface CrispGlobals {
  $crisp?: { push(entry: unknown[]): unknown };
}

export const crisp: VendorWidget<CrispHandoff, CrispGlobals> = {
  loaded: (page) => typeof page.$crisp?.push === 'function',
  handOff(page, { handoff }) {
    for (const entry of handoff.push) page.$crisp!.push(entry);
  },
  logout: (page) => page.$crisp?.push(['do', 'session:reset']),
};
