// Test-only: the zendesk cases of the shared vendor specs (test/support/vendor-cases.ts).
import { acceptedClaims } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { fakeZendesk } from './zendesk.fake.js';

const secret = 'browser-zendesk-signing-secret-0';
const keyId = 'app_browser';

export const vendorCase: VendorCaseFactory = () => {
  const zendesk = fakeZendesk();
  zendesk.register(keyId, secret);
  return {
    vendor: 'zendesk',
    settings: { tokenTtlSeconds: 60 },
    secret,
    keyId,
    lifetimeSeconds: 60,
    // The key is chosen by kid; external_id names the user.
    async verify(handoff, nowMs) {
      const claims = acceptedClaims(await zendesk.verify(String(fields(handoff, 'loginUser').jwt), Math.floor(nowMs / 1000)));
      return accepted(claims.external_id, (claims.exp ?? 0) * 1000);
    },
    fakeWidget: (page, signIn, signOut) => {
      // Zendesk asks for the JWT through the callback it is given, and answers the login callback: null, or a LoginFailedError.
      type LoginCallback = (error: { type: string; reason: string; message: string } | null) => void;
      page.zE = (widget: string, method: string, provide: (callback: (jwt: string) => void) => void, loggedIn?: LoginCallback) => {
        if (widget !== 'messenger') return;
        if (method === 'loginUser') {
          provide((jwt) => void signIn({ loginUser: { jwt } }).then((verdict) => loggedIn?.(verdict.ok ? null : { type: 'LoginFailedError', reason: 'invalid_jwt', message: `Zendesk refused the JWT: ${verdict.reason}` })));
        }
        if (method === 'logoutUser') signOut();
      };
    },
  };
};
