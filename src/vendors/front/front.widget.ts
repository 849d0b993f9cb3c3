// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface FrontHandoff {
  init: { email: string; name?: string; userHash: string };
}

export interface FrontGlobals {
  FrontChat?: (method: string, ...args: unknown[]) => void;
}

// FrontChat('init') takes the page's own chatId too (attach's widgetOptions).
export const front: VendorWidget<FrontHandoff, FrontGlobals> = {
  loaded: (page) => typeof page.FrontChat === 'function',
  handOff: (page, { handoff, widgetOptions }) => page.FrontChat!('init', { ...widgetOptions, ...handoff.init }),
  logout: (page) => page.FrontChat?.('shutdown', { clearSession: true }),
};
