// Test-only: the tawkto cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { tawktoAccepts } from './tawkto.fake.js';

const secret = 'browser-tawkto-verification-secret';

const verify = async (handoff: unknown) => {
  if (!tawktoAccepts(handoff as Fields, secret)) throw new Error('the tawkto signature does not match');
  return accepted(fields(handoff, 'login').userId);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'tawkto',
  settings: { identifier: 'userId' },
  secret,
  lifetimeSeconds: null,
  verify,
  fakeWidget: (page, signIn, signOut) => {
    page.Tawk_API = { login: (login: unknown) => signIn({ login }), shutdown: () => signOut() };
  },
  hash: { accepts: tawktoAccepts, signedFor: (answer) => answer.userId, needsEmail: false, signsIdentifier: true },
});
