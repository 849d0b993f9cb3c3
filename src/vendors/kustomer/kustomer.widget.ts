// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface KustomerHandoff {
  login: { jwtToken: string };
}

export interface KustomerGlobals {
  Kustomer?: { login(options: KustomerHandoff['login'], callback?: (...results: unknown[]) => void): void; logout(callback?: () => void): void };
}

// The JWT opens the session (its iat must be under 15 minutes old): a new one signs in again.
export const kustomer: VendorWidget<KustomerHandoff, KustomerGlobals> = {
  loaded: (page) => typeof page.Kustomer?.login === 'function',
  handOff: (page, { handoff }) => page.Kustomer!.login(handoff.login),
  logout: (page) => page.Kustomer?.logout(),
};
