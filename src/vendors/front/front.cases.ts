// Test-only: the front cases of the shared vendor specs (test/support/vendor-cases.ts).
import { hashVendorCase } from '../../../test/support/fake-hash-verifiers.js';
import { fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { frontAccepts } from './front.fake.js';

const frontCase = hashVendorCase({
  vendor: 'front',
  accepts: frontAccepts,
  signedFor: (_answer, email) => email,
  needsEmail: true,
  signsIdentifier: false,
  userOf: (handoff) => fields(handoff, 'init').email,
  fakeWidget: (page, signIn, signOut) => {
    page.FrontChat = (method: string, init: unknown) => {
      if (method === 'init') signIn({ init });
      if (method === 'shutdown') signOut();
    };
  },
});

export const vendorCase: VendorCaseFactory = () => ({
  ...frontCase,
  widgetOptions: { chatId: 'browser-chat' },
  // FrontChat('init') gets the page's chatId beside the hand-off.
  async verifyInWidget(handoff, nowMs) {
    if (fields(handoff, 'init').chatId !== 'browser-chat') throw new Error("FrontChat('init') lacks the page's chatId");
    return frontCase.verify(handoff, nowMs);
  },
});
