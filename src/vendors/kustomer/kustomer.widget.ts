// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface KustomerHandoff {
  login: { jwtToken: string };
}

export interface KustomerGlobals {
  /** `login(options, callback)`: the callback gets the session, and an Error when Kustomer refused the login. */
  Kustomer?: { login(options: KustomerHandoff['login'], callback?: (response: unknown, error?: Error) => void): void; logout(callback?: () => void): void };
}

// The JWT opens the session (its iat must be under 15 minutes old): a new one signs in again.
export const kustomer: VendorWidget<KustomerHandoff, KustomerGlobals> = {
  loaded: (page) => typeof page.Kustomer?.login === 'function',
  handOff: (page, { handoff, refused }) => page.Kustomer!.login(handoff.login, (_response, error) => error && refused(error)),
  logout: (page) => page.Kustomer?.logout(),
};
