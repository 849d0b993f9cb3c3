// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface GladlyHandoff {
  setUser: { name?: string; email?: string; phone?: string; jwt?: string };
}

export interface GladlyGlobals {
  Gladly?: { setUser(user: GladlyHandoff['setUser']): void; clearUser(): void };
}

// After Gladly.init: setUser (again for a new minted JWT); clearUser on logout.
export const gladly: VendorWidget<GladlyHandoff, GladlyGlobals> = {
  loaded: (page) => typeof page.Gladly?.setUser === 'function',
  handOff: (page, { handoff }) => page.Gladly!.setUser(handoff.setUser),
  logout: (page) => page.Gladly?.clearUser(),
};
