// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface HubspotHandoff {
  hsConversationsSettings: { loadImmediately: boolean; identificationEmail: string; identificationToken: string };
}

export interface HubspotGlobals {
  hsConversationsSettings?: HubspotHandoff['hsConversationsSettings'];
  hsConversationsOnReady?: Array<() => void>;
  HubSpotConversations?: { widget: { load(): void; remove(): void }; clear(options: { resetWidget: boolean }): void };
}

// loadImmediately is false: the widget loads when told, with the identification settings; a new token reloads it.
export const hubspot: VendorWidget<HubspotHandoff, HubspotGlobals> = {
  loaded: () => true,
  handOff(page, { handoff }) {
    page.hsConversationsSettings = handoff.hsConversationsSettings;
    if (page.HubSpotConversations) page.HubSpotConversations.widget.load();
    else (page.hsConversationsOnReady ??= []).push(() => page.HubSpotConversations?.widget.load());
  },
  refresh(page, { handoff }) {
    page.hsConversationsSettings = handoff.hsConversationsSettings;
    page.HubSpotConversations?.widget.remove();
    page.HubSpotConversations?.widget.load();
  },
  logout(page) {
    page.HubSpotConversations?.clear({ resetWidget: true });
    delete page.hsConversationsSettings;
  },
};
