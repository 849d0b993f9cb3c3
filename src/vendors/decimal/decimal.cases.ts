// Test-only: the decimal cases of the shared vendor specs (test/support/vendor-cases.ts).
import { verifyHs256 } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';

const secret = 'browser-decimal-signing-secret-0';

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'decimal',
  settings: { tokenTtlSeconds: 60 },
  secret,
  lifetimeSeconds: 60,
  async verify(handoff, nowMs) {
    const { claims, expiresAtMs } = await verifyHs256(fields(handoff, 'boot').user_token, secret, nowMs);
    return accepted(claims.email, expiresAtMs);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.Decimal = { boot: (boot: unknown) => signIn({ boot }), shutdown: () => signOut() };
  },
});
