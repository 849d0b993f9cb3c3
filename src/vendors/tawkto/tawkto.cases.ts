// Test-only: the tawkto cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import { fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { tawktoAccepts } from './tawkto.fake.js';

const tawktoCase = hashVendorCase({
  vendor: 'tawkto',
  settings: { identifier: 'userId' },
  accepts: tawktoAccepts,
  signedFor: (answer) => answer.userId,
  needsEmail: false,
  signsIdentifier: true,
  userOf: (handoff) => fields(handoff, 'login').userId,
  fakeWidget: (page, signIn, signOut) => {
    page.Tawk_API = { login: (login: unknown) => signIn({ login }), shutdown: () => signOut() };
  },
});

export const vendorCase: VendorCaseFactory = () => tawktoCase;
