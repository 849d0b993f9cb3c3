// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

/** `["set", "user:email", [email, signature]]`: what crisp-sdk-web's `Crisp.user.setEmail(email, hmac)` pushes. */
type CrispSetEmailCommand = ['set', 'user:email', [email: string, signature: string]];

export interface CrispHandoff {
  /** Each entry goes to `$crisp.push(entry)`. */
  push: CrispSetEmailCommand[];
}

export interface CrispGlobals {
  $crisp?: { push(command: CrispSetEmailCommand | ['do', 'session:reset']): unknown };
}

export const crisp: VendorWidget<CrispHandoff, CrispGlobals> = {
  loaded: (page) => typeof page.$crisp?.push === 'function',
  handOff(page, { handoff }) {
    for (const command of handoff.push) page.$crisp!.push(command);
  },
  logout: (page) => page.$crisp?.push(['do', 'session:reset']),
};
