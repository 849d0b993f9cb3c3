// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface ChatwootHandoff {
  setUser: { identifier: string; user: { name?: string; email?: string; identifier_hash: string } };
}

export interface ChatwootGlobals {
  $chatwoot?: { setUser(identifier: string, user: ChatwootHandoff['setUser']['user']): void; reset(): void };
}

export const chatwoot: VendorWidget<ChatwootHandoff, ChatwootGlobals> = {
  loaded: (page) => typeof page.$chatwoot?.setUser === 'function',
  handOff: (page, { handoff }) => page.$chatwoot!.setUser(handoff.setUser.identifier, handoff.setUser.user),
  logout: (page) => page.$chatwoot?.reset(),
};
