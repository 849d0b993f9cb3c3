// The browser library's hand-off to this vendor's widget, by the calls the vendor documents for its web
// widget (the strategy's JSDoc names the source). Browser code: no Nest, no Node (src/browser/tsconfig.json).
import type { VendorWidget } from '../../browser/vendor-widget.js';

export interface SalesforceHandoff {
  setIdentityToken: { identityTokenType: 'JWT'; identityToken: string };
}

export interface SalesforceGlobals {
  embeddedservice_bootstrap?: {
    userVerificationAPI?: { setIdentityToken(token: SalesforceHandoff['setIdentityToken']): unknown; clearSession(endSession?: boolean): unknown };
  };
}

// Salesforce takes the token only after it dispatched onEmbeddedMessagingReady (noted here, whenever this module loads).
let salesforceReady = false;
if (typeof window !== 'undefined') window.addEventListener('onEmbeddedMessagingReady', () => (salesforceReady = true), { once: true });

// After onEmbeddedMessagingReady; Salesforce asks again with onEmbeddedMessagingIdentityTokenExpired.
export const salesforce: VendorWidget<SalesforceHandoff, SalesforceGlobals> = {
  loaded: (page) => salesforceReady || typeof page.embeddedservice_bootstrap?.userVerificationAPI?.setIdentityToken === 'function',
  handOff(page, { handoff, fresh, onLogout }) {
    page.embeddedservice_bootstrap!.userVerificationAPI!.setIdentityToken(handoff.setIdentityToken);
    const renew = (): void =>
      void fresh().then((renewed) => page.embeddedservice_bootstrap?.userVerificationAPI?.setIdentityToken(renewed.setIdentityToken), () => undefined);
    page.addEventListener('onEmbeddedMessagingIdentityTokenExpired', renew);
    onLogout(() => page.removeEventListener('onEmbeddedMessagingIdentityTokenExpired', renew));
  },
  refresh: (page, { handoff }) => page.embeddedservice_bootstrap!.userVerificationAPI!.setIdentityToken(handoff.setIdentityToken),
  logout: (page) => page.embeddedservice_bootstrap?.userVerificationAPI?.clearSession(true),
};
