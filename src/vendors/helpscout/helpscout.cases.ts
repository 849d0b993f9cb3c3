// Test-only: the helpscout cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import { fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { helpscoutAccepts } from './helpscout.fake.js';

const helpscoutCase = hashVendorCase({
  vendor: 'helpscout',
  accepts: helpscoutAccepts,
  signedFor: (_answer, email) => email,
  needsEmail: true,
  signsIdentifier: false,
  userOf: (handoff) => fields(handoff, 'identify').email,
  fakeWidget: (page, signIn, signOut) => {
    page.Beacon = (method: string, identify: unknown) => {
      if (method === 'identify') signIn({ identify });
      if (method === 'logout') signOut();
    };
  },
});

export const vendorCase: VendorCaseFactory = () => helpscoutCase;
