// Test-only: the reamaze cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import { fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { reamazeAccepts } from './reamaze.fake.js';

const reamazeCase = hashVendorCase({
  vendor: 'reamaze',
  settings: { identifier: 'userId' },
  accepts: reamazeAccepts,
  signedFor: (answer, email) => `${answer.userId}:${email}`,
  needsEmail: true,
  signsIdentifier: true,
  userOf: (handoff) => fields(handoff, 'user').id,
  fakeWidget: (page, signIn, signOut) => {
    // Reamaze reads _support['user'] when it (re)loads.
    page.Reamaze = {
      reload: () => {
        const user = (page._support as { user?: unknown } | undefined)?.user;
        if (user) signIn({ user });
        else signOut();
      },
    };
  },
});

export const vendorCase: VendorCaseFactory = () => reamazeCase;
