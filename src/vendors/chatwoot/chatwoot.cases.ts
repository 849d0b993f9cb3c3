// Test-only: the chatwoot cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { chatwootAccepts } from './chatwoot.fake.js';

const secret = 'browser-chatwoot-verification-secret';

const verify = async (handoff: unknown) => {
  if (!chatwootAccepts(handoff as Fields, secret)) throw new Error('the chatwoot signature does not match');
  return accepted(fields(handoff, 'setUser').identifier);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'chatwoot',
  settings: { identifier: 'userId' },
  secret,
  lifetimeSeconds: null,
  verify,
  fakeWidget: (page, signIn, signOut) => {
    page.$chatwoot = { setUser: (identifier: unknown, user: unknown) => signIn({ setUser: { identifier, user } }), reset: () => signOut() };
  },
  hash: { accepts: chatwootAccepts, signedFor: (answer) => answer.userId, needsEmail: false, signsIdentifier: true },
});
