// Test-only: the glassix cases of the shared vendor specs (test/support/vendor-cases.ts).
import { verifyHs256 } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';

const secret = 'browser-glassix-department-secret';
const apiKey = '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e';

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'glassix',
  settings: { apiKey, snippetId: 'snippet-1', tokenTtlSeconds: 300 },
  secret,
  lifetimeSeconds: 300,
  // The token's iss is the API key and its aud the uniqueIdentifier the widget is given.
  async verify(handoff, nowMs) {
    const options = fields(handoff, 'widgetOptions');
    const { claims, expiresAtMs } = await verifyHs256(options.identityToken, secret, nowMs);
    if (claims.iss !== options.apiKey || options.apiKey !== apiKey) throw new Error('iss is not the department API key');
    if (claims.aud !== options.uniqueIdentifier) throw new Error('aud differs from widgetOptions.uniqueIdentifier');
    return accepted(options.uniqueIdentifier, expiresAtMs);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.GlassixWidgetClient = class {
      constructor(private readonly options: unknown) {}
      attach(): void {
        signIn({ widgetOptions: this.options });
      }
      destroy(): void {
        signOut();
      }
    };
  },
});
