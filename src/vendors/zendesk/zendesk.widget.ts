// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface ZendeskHandoff {
  loginUser: { jwt: string };
}

export interface ZendeskGlobals {
  zE?: (widget: string, method: string, ...args: unknown[]) => void;
}

// Zendesk calls the callback whenever it needs a JWT (an expired one included): it always gets a fresh one.
export const zendesk: VendorWidget<ZendeskHandoff, ZendeskGlobals> = {
  loaded: (page) => typeof page.zE === 'function',
  handOff(page, { fresh }) {
    page.zE!('messenger', 'loginUser', (callback: (jwt: string) => void) => void fresh().then((handoff) => callback(handoff.loginUser.jwt), () => undefined));
  },
  logout: (page) => page.zE?.('messenger', 'logoutUser'),
};
