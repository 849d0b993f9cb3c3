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
    // tawk.to answers the login callback with an error when the hash does not match (a 401).
    page.Tawk_API = {
      login: (login: unknown, callback?: (error?: unknown) => void) => void signIn({ login }).then((verdict) => callback?.(verdict.ok ? undefined : new Error(`401 Unauthorized: ${verdict.reason}`))),
      shutdown: () => signOut(),
    };
  },
});

export const vendorCase: VendorCaseFactory = () => tawktoCase;
