// Test-only: the crisp cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import type { VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { crispAccepts } from './crisp.fake.js';

const crispCase = hashVendorCase({
  vendor: 'crisp',
  accepts: crispAccepts,
  signedFor: (_answer, email) => email,
  needsEmail: true,
  signsIdentifier: false,
  userOf: (handoff) => ((handoff.push as unknown[][])[0][2] as unknown[])[0],
  fakeWidget: (page, signIn, signOut) => {
    page.$crisp = {
      push: (entry: unknown[]) => {
        if (entry[0] === 'set' && entry[1] === 'user:email') signIn({ push: [entry] });
        if (entry[0] === 'do' && entry[1] === 'session:reset') signOut();
      },
    };
  },
});

export const vendorCase: VendorCaseFactory = () => crispCase;
