// Test-only: the kustomer cases of the shared vendor specs (test/support/vendor-cases.ts).
import { acceptedClaims } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { fakeKustomer } from './kustomer.fake.js';
import { KUSTOMER_TOKEN_LIFETIME_SECONDS } from './kustomer.vendor.js';

const secret = 'browser-kustomer-chat-secret-000';

export const vendorCase: VendorCaseFactory = () => {
  const kustomer = fakeKustomer();
  kustomer.register('current', secret);
  return {
    vendor: 'kustomer',
    settings: {},
    secret,
    lifetimeSeconds: KUSTOMER_TOKEN_LIFETIME_SECONDS,
    // iat must be under 15 minutes old when the widget logs in; email wins over externalId.
    async verify(handoff, nowMs) {
      const claims = acceptedClaims(await kustomer.verify(String(fields(handoff, 'login').jwtToken), Math.floor(nowMs / 1000)));
      return accepted(claims.email ?? claims.externalId, (Number(claims.iat) + KUSTOMER_TOKEN_LIFETIME_SECONDS) * 1000);
    },
    fakeWidget: (page, signIn, signOut) => {
      // Kustomer calls back with the session, or with an Error when it refused the JWT.
      page.Kustomer = {
        login: (login: unknown, callback?: (response: unknown, error?: Error) => void) =>
          void signIn({ login }).then((verdict) => (verdict.ok ? callback?.({}) : callback?.(undefined, new Error(`Kustomer refused the JWT: ${verdict.reason}`)))),
        logout: () => signOut(),
      };
    },
  };
};
