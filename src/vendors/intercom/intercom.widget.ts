// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface IntercomHandoff {
  /** `api_base` when the integration names its region (EU and Australian workspaces need it). */
  intercomSettings: { app_id: string; intercom_user_jwt: string; api_base?: string };
}

/** The page's Messenger settings: its own (launcher options; @intercom/messenger-js-sdk's api_base and installation_type) and ours. */
type IntercomPageSettings = { [setting: string]: unknown };

/** What the Messenger boots with: the page's settings and widgetOptions, the hand-off's on top. */
export type IntercomBootSettings = IntercomPageSettings & IntercomHandoff['intercomSettings'];

export interface IntercomGlobals {
  intercomSettings?: IntercomPageSettings;
  Intercom?: { (command: 'boot', settings: IntercomBootSettings): void; (command: 'shutdown'): void };
}

type Context = Parameters<VendorWidget<IntercomHandoff>['handOff']>[1];

// The Messenger reads the JWT at boot: a new one is a shutdown and a boot. The page's settings stay; only the
// identity is ours to set and to take away. The page is seen through IntercomGlobals alone: a page that types
// window.intercomSettings itself (@types/intercom-web) keeps its own type.
function boot(page: IntercomGlobals, { handoff, widgetOptions }: Context): void {
  const settings: IntercomBootSettings = { ...page.intercomSettings, ...widgetOptions, ...handoff.intercomSettings };
  page.intercomSettings = settings;
  page.Intercom!('boot', settings);
}

export const intercom: VendorWidget<IntercomHandoff, IntercomGlobals> = {
  loaded: (page) => typeof page.Intercom === 'function',
  handOff: boot,
  refresh(page, context) {
    page.Intercom!('shutdown');
    boot(page, context);
  },
  logout(page) {
    const globals: IntercomGlobals = page;
    globals.Intercom?.('shutdown');
    // A copy without the JWT: the object the Messenger was booted with stays as it was.
    const settings = Object.entries(globals.intercomSettings ?? {}).filter(([setting]) => setting !== 'intercom_user_jwt');
    if (globals.intercomSettings) globals.intercomSettings = Object.fromEntries(settings);
  },
};
