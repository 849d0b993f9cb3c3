// Test-only: the intercom cases of the shared vendor specs (test/support/vendor-cases.ts).
import { acceptedClaims } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { fakeIntercom } from './intercom.fake.js';

const secret = 'browser-intercom-messenger-secret';

export const vendorCase: VendorCaseFactory = () => {
  const intercom = fakeIntercom();
  intercom.register('current', secret);
  return {
    vendor: 'intercom',
    settings: { appId: 'browser-app', tokenTtlSeconds: 60 },
    secret,
    lifetimeSeconds: 60,
    // The Messenger boots for the workspace's app_id.
    async verify(handoff, nowMs) {
      const { app_id: appId, intercom_user_jwt: jwt } = fields(handoff, 'intercomSettings');
      if (appId !== 'browser-app') throw new Error('app_id is not the workspace app id');
      const claims = acceptedClaims(await intercom.verify(String(jwt), Math.floor(nowMs / 1000)));
      return accepted(claims.user_id, (claims.exp ?? 0) * 1000);
    },
    fakeWidget: (page, signIn, signOut) => {
      page.Intercom = (method: string, intercomSettings: unknown) => {
        if (method === 'boot') signIn({ intercomSettings });
        if (method === 'shutdown') signOut();
      };
    },
  };
};
