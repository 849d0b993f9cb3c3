// Test-only: the gladly cases of the shared vendor specs (test/support/vendor-cases.ts).
import { decodeJwt } from 'jose';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';

export const vendorCase: VendorCaseFactory = (context) => {
  const gladly = () => context.gladly!;
  return {
    vendor: 'gladly',
    get settings() {
      return { mode: 'jwt', baseUrl: gladly().url, apiUser: gladly().apiUser, tokenTtlSeconds: 60 };
    },
    get secret() {
      return gladly().apiToken;
    },
    lifetimeSeconds: 60,
    // Gladly signs the JWT itself: the fake Gladly API must have minted it, for the setUser email.
    async verify(handoff, nowMs) {
      const { email, jwt } = fields(handoff, 'setUser');
      if (typeof jwt !== 'string' || !gladly().requests.some((request) => request.token === jwt)) throw new Error('setUser carries no JWT Gladly minted');
      const { sub, exp } = decodeJwt(jwt);
      if (exp === undefined || exp * 1000 <= nowMs) throw new Error('the Gladly JWT has expired');
      if (sub !== email) throw new Error('the Gladly JWT is for someone else than setUser.email');
      return accepted(email, exp * 1000);
    },
    fakeWidget: (page, signIn, signOut) => {
      page.Gladly = { setUser: (user: unknown) => signIn({ setUser: user }), clearUser: () => signOut() };
    },
  };
};
