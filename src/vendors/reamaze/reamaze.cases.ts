// Test-only: the reamaze cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { reamazeAccepts } from './reamaze.fake.js';

const secret = 'browser-reamaze-verification-secret';

const verify = async (handoff: unknown) => {
  if (!reamazeAccepts(handoff as Fields, secret)) throw new Error('the reamaze signature does not match');
  return accepted(fields(handoff, 'user').id);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'reamaze',
  settings: { identifier: 'userId' },
  secret,
  lifetimeSeconds: null,
  verify,
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
  hash: { accepts: reamazeAccepts, signedFor: (answer, email) => `${answer.userId}:${email}`, needsEmail: true, signsIdentifier: true },
});
