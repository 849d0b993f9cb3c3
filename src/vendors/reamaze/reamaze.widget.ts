// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface ReamazeHandoff {
  user: { id: string; email: string; name?: string; authkey: string };
}

export interface ReamazeGlobals {
  _support?: { user?: ReamazeHandoff['user'] } & Record<string, unknown>;
  Reamaze?: { reload?(): void };
}

// _support['user'] is read when Reamaze.js loads; once loaded, reload() reads it again.
export const reamaze: VendorWidget<ReamazeHandoff, ReamazeGlobals> = {
  loaded: () => true,
  handOff(page, { handoff }) {
    page._support = page._support ?? {};
    page._support.user = handoff.user;
    page.Reamaze?.reload?.();
  },
  logout(page) {
    delete page._support?.user;
    page.Reamaze?.reload?.();
  },
};
