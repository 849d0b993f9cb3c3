// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface IntercomHandoff {
  intercomSettings: { app_id: string; intercom_user_jwt: string };
}

export interface IntercomGlobals {
  intercomSettings?: IntercomHandoff['intercomSettings'];
  Intercom?: (method: string, ...args: unknown[]) => void;
}

// The Messenger boots with the JWT; a new one is a shutdown and a boot (the JWT is read at boot).
export const intercom: VendorWidget<IntercomHandoff, IntercomGlobals> = {
  loaded: (page) => typeof page.Intercom === 'function',
  handOff(page, { handoff }) {
    page.intercomSettings = handoff.intercomSettings;
    page.Intercom!('boot', handoff.intercomSettings);
  },
  refresh(page, { handoff }) {
    page.Intercom!('shutdown');
    page.intercomSettings = handoff.intercomSettings;
    page.Intercom!('boot', handoff.intercomSettings);
  },
  logout(page) {
    page.Intercom?.('shutdown');
    delete page.intercomSettings;
  },
};
