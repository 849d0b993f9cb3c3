// Test-only: the tiledesk cases of the shared vendor specs (test/support/vendor-cases.ts).
import { verifyHs256 } from '../../../test/support/fake-jwt-vendors.js';
import { accepted, type Fields, fields, type VendorCaseFactory } from '../../../test/support/vendor-cases.js';

const secret = 'browser-tiledesk-shared-secret-0';

export const vendorCase: VendorCaseFactory = () => ({
  vendor: 'tiledesk',
  settings: { projectId: 'project-1', tokenTtlSeconds: 60 },
  secret,
  lifetimeSeconds: 60,
  // The string must start with "JWT "; the server picks the project from aud; _id names the user.
  async verify(handoff, nowMs) {
    const credential = (handoff as Fields).signInWithCustomToken;
    if (typeof credential !== 'string' || !credential.startsWith('JWT ')) throw new Error('the credential does not start with "JWT "');
    const { claims, expiresAtMs } = await verifyHs256(credential.slice(4), secret, nowMs);
    const projectId = String(fields(handoff, 'tiledeskSettings').projectid);
    if (claims.aud !== `https://tiledesk.com/projects/${projectId}`) throw new Error('aud is not the project of tiledeskSettings');
    if (typeof claims._id !== 'string' || !claims._id.startsWith(`${projectId}_`)) throw new Error('_id does not start with the project id');
    return accepted(claims._id, expiresAtMs);
  },
  fakeWidget: (page, signIn, signOut) => {
    page.Tiledesk = (method: string, credential: unknown) => {
      if (method === 'signInWithCustomToken') signIn({ tiledeskSettings: page.tiledeskSettings, signInWithCustomToken: credential });
      if (method === 'logout') signOut();
    };
  },
});
