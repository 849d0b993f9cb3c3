// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface ZendeskHandoff {
  loginUser: { jwt: string };
}

/** What Zendesk hands the login callback when it refuses the JWT (its LoginFailedError). */
export interface ZendeskLoginFailedError {
  message: string;
  reason: string;
  type: string;
}

/** The two `zE` calls the hand-off makes, as the messaging Web Widget declares them. */
interface ZendeskMessenger {
  (widget: 'messenger', method: 'loginUser', jwtCallback: (callback: (jwt: string) => void) => void, loginCallback?: (error: ZendeskLoginFailedError | null) => void): void;
  (widget: 'messenger', method: 'logoutUser'): void;
}

export interface ZendeskGlobals {
  zE?: ZendeskMessenger;
}

// Zendesk calls the JWT callback whenever it needs a JWT (an expired one included): it always gets a fresh
// one. The login callback gets null, or the reason Zendesk refused it.
export const zendesk: VendorWidget<ZendeskHandoff, ZendeskGlobals> = {
  loaded: (page) => typeof page.zE === 'function',
  handOff(page, { fresh, refused }) {
    page.zE!(
      'messenger',
      'loginUser',
      (callback) => void fresh().then((handoff) => callback(handoff.loginUser.jwt), () => undefined),
      (error) => error && refused(error),
    );
  },
  logout: (page) => page.zE?.('messenger', 'logoutUser'),
};
