// Test-only: the front cases of the shared vendor specs (test/support/vendor-cases.ts).
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { frontAccepts } from './front.fake.js';

const secret = 'browser-front-verification-secret';

const verify = async (handoff: unknown) => {
  if (!frontAccepts(handoff as Fields, secret)) throw new Error('the front signature does not match');
  return accepted(fields(handoff, 'init').email);
};

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'front',
  settings: {},
  secret,
  lifetimeSeconds: null,
  verify,
  widgetOptions: { chatId: 'browser-chat' },
  // FrontChat('init') gets the page's chatId beside the hand-off.
  async verifyInWidget(handoff) {
    if (fields(handoff, 'init').chatId !== 'browser-chat') throw new Error("FrontChat('init') lacks the page's chatId");
    return verify(handoff);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.FrontChat = (method: string, init: unknown) => {
      if (method === 'init') signIn({ init });
      if (method === 'shutdown') signOut();
    };
  },
  hash: { accepts: frontAccepts, signedFor: (_answer, email) => email, needsEmail: true, signsIdentifier: false },
});
