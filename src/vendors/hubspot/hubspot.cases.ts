// Test-only: the hubspot cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';

export const vendorCase: VendorCaseFactory = (context) => ({
  vendor: 'hubspot',
  get settings() {
    return { baseUrl: context.hubspot!.url };
  },
  get secret() {
    return context.hubspot!.privateAppToken;
  },
  lifetimeSeconds: 12 * 3600,
  // HubSpot minted the token for that email; it lasts 12 hours from minting.
  async verify(handoff, nowMs) {
    const { identificationEmail, identificationToken, loadImmediately } = fields(handoff, 'hsConversationsSettings');
    if (loadImmediately !== false) throw new Error('loadImmediately must be false');
    const minted = context.hubspot!.requests.find((request) => request.token === identificationToken);
    if (!minted || (minted.body as Fields | undefined)?.email !== identificationEmail) throw new Error('HubSpot did not mint this token for this email');
    const expiresAtMs = minted.receivedAt + 12 * 3600_000;
    if (nowMs >= expiresAtMs) throw new Error('the identification token has expired');
    return accepted(identificationEmail, expiresAtMs);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.HubSpotConversations = {
      widget: { load: () => signIn({ hsConversationsSettings: page.hsConversationsSettings }), remove: () => signOut() },
      clear: () => signOut(),
    };
  },
});
