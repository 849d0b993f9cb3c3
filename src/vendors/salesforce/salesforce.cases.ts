// Test-only: the salesforce cases of the shared vendor specs (test/support/vendor-cases.ts).
import { acceptedClaims } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';
import { FakeSalesforce } from './salesforce.fake.js';

const issuer = 'https://shop.example.com';

export const vendorCase: VendorCaseFactory = (context, slug) => ({
  vendor: 'salesforce',
  settings: { issuer, tokenTtlSeconds: 60 },
  generateKeyPair: true,
  lifetimeSeconds: 60,
  // RS256 against the keyset Salesforce reads from our JWKS; iss must match the keyset's issuer.
  async verify(handoff, nowMs) {
    const { identityTokenType, identityToken } = fields(handoff, 'setIdentityToken');
    if (identityTokenType !== 'JWT' || typeof identityToken !== 'string') throw new Error('not a JWT identity token');
    const salesforce = new FakeSalesforce(`${context.apiUrl}/v1/jwks/${slug}`, issuer);
    const claims = acceptedClaims(await salesforce.verify(identityToken, Math.floor(nowMs / 1000)));
    return accepted(claims.sub, (claims.exp ?? 0) * 1000);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.embeddedservice_bootstrap = {
      userVerificationAPI: { setIdentityToken: (setIdentityToken: unknown) => signIn({ setIdentityToken }), clearSession: () => signOut() },
    };
  },
});
