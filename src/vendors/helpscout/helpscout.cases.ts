// Test-only: the helpscout cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { helpscoutAccepts } from './helpscout.fake.js';

const secret = 'browser-helpscout-verification-secret';

const verify = async (handoff: unknown) => {
  if (!helpscoutAccepts(handoff as Fields, secret)) throw new Error('the helpscout signature does not match');
  return accepted(fields(handoff, 'identify').email);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'helpscout',
  settings: {},
  secret,
  lifetimeSeconds: null,
  verify,
  fakeWidget: (page, signIn, signOut) => {
    page.Beacon = (method: string, identify: unknown) => {
      if (method === 'identify') signIn({ identify });
      if (method === 'logout') signOut();
    };
  },
  hash: { accepts: helpscoutAccepts, signedFor: (_answer, email) => email, needsEmail: true, signsIdentifier: false },
});
