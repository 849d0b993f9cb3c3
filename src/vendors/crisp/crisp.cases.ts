// Test-only: the crisp cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { crispAccepts } from './crisp.fake.js';

const secret = 'browser-crisp-verification-secret';

const verify = async (handoff: unknown) => {
  if (!crispAccepts(handoff as Fields, secret)) throw new Error('the crisp signature does not match');
  return accepted((((handoff as Fields).push as unknown[][])[0][2] as unknown[])[0]);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'crisp',
  settings: {},
  secret,
  lifetimeSeconds: null,
  verify,
  fakeWidget: (page, signIn, signOut) => {
    page.$crisp = {
      push: (entry: unknown[]) => {
        if (entry[0] === 'set' && entry[1] === 'user:email') signIn({ push: [entry] });
        if (entry[0] === 'do' && entry[1] === 'session:reset') signOut();
      },
    };
  },
  hash: { accepts: crispAccepts, signedFor: (_answer, email) => email, needsEmail: true, signsIdentifier: false },
});
