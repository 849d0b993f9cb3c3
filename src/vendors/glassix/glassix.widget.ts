// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface GlassixHandoff {
  widgetOptions: { apiKey: string; snippetId: string; uniqueIdentifier: string; identityToken: string };
}

export interface GlassixWidgetClient {
  attach(): void;
  destroy(): void;
}

export interface GlassixGlobals {
  widgetOptions?: GlassixHandoff['widgetOptions'];
  GlassixWidgetClient?: new (options: GlassixHandoff['widgetOptions']) => GlassixWidgetClient;
  widgetClient?: GlassixWidgetClient;
}

// The snippet reads window.widgetOptions when it loads; once loaded, a login, logout or new token is
// widgetClient.destroy() and a new client attached with the new options.
export const glassix: VendorWidget<GlassixHandoff, GlassixGlobals> = {
  loaded: () => true,
  handOff(page, { handoff }) {
    page.widgetClient?.destroy();
    page.widgetOptions = handoff.widgetOptions;
    if (typeof page.GlassixWidgetClient !== 'function') return;
    const client = new page.GlassixWidgetClient(handoff.widgetOptions);
    page.widgetClient = client;
    client.attach();
  },
  logout(page) {
    page.widgetClient?.destroy();
    delete page.widgetClient;
    delete page.widgetOptions;
  },
};
