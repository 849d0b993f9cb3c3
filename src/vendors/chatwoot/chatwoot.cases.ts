// Test-only: the chatwoot cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import { fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { chatwootAccepts } from './chatwoot.fake.js';

const chatwootCase = hashVendorCase({
  vendor: 'chatwoot',
  settings: { identifier: 'userId' },
  accepts: chatwootAccepts,
  signedFor: (answer) => answer.userId,
  needsEmail: false,
  signsIdentifier: true,
  userOf: (handoff) => fields(handoff, 'setUser').identifier,
  fakeWidget: (page, signIn, signOut) => {
    page.$chatwoot = { setUser: (identifier: unknown, user: unknown) => signIn({ setUser: { identifier, user } }), reset: () => signOut() };
  },
});

export const vendorCase: VendorCaseFactory = () => chatwootCase;
