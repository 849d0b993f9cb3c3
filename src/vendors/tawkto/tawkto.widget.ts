// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface TawktoHandoff {
  login: { userId: string; hash: string; name?: string; email?: string };
}

export interface TawktoGlobals {
  /** `login(data, callback)`: the callback gets an error when tawk.to refuses the login (401: hash and userId do not match). */
  Tawk_API?: { login?(data: TawktoHandoff['login'], callback?: (error?: unknown) => void): void; shutdown?(): void };
}

export const tawkto: VendorWidget<TawktoHandoff, TawktoGlobals> = {
  loaded: (page) => typeof page.Tawk_API?.login === 'function',
  handOff: (page, { handoff, refused }) => page.Tawk_API!.login!(handoff.login, (error) => error && refused(error)),
  logout: (page) => page.Tawk_API?.shutdown?.(),
};
