// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface TiledeskHandoff {
  tiledeskSettings: { projectid: string; autoStart: boolean };
  signInWithCustomToken: string;
}

export interface TiledeskGlobals {
  tiledeskSettings?: TiledeskHandoff['tiledeskSettings'];
  Tiledesk?: (method: string, ...args: unknown[]) => void;
}

// tiledeskSettings before the launcher loads; the credential string starts with "JWT ".
export const tiledesk: VendorWidget<TiledeskHandoff, TiledeskGlobals> = {
  loaded: (page) => typeof page.Tiledesk === 'function',
  handOff(page, { handoff }) {
    page.tiledeskSettings = handoff.tiledeskSettings;
    page.Tiledesk!('signInWithCustomToken', handoff.signInWithCustomToken);
  },
  logout(page) {
    page.Tiledesk?.('logout');
    delete page.tiledeskSettings;
  },
};
