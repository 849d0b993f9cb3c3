import { describe, expect, it } from '@jest/globals';
import { jwtVerify } from 'jose';
import { decodeToken, identityClaims, nowSeconds, secretBytes, settingsProblemsOf, signingKey, USER_ID, withoutClaim } from '../../../test/support/vendor-spec-kit.js';
import { TokenSigner } from '../token-signer.js';
import type { IntegrationRef } from '../vendor-strategy.js';
import type { IntercomSettings } from './intercom.settings.js';
import { IntercomStrategy } from './intercom.strategy.js';

const strategy = new IntercomStrategy(new TokenSigner());
const integration = (extra: Record<string, unknown> = {}): IntegrationRef<IntercomSettings> => ({
  id: 'i-1',
  slug: 'intercom-messenger',
  vendor: 'intercom',
  settings: strategy.parseSettings({ appId: 'abc12345', ...extra }),
});
const issue = async (ref = integration(), claims = identityClaims()) => {
  const { handoff, expiresAt } = await strategy.issue({ integration: ref, claims, signingKey });
  const { intercomSettings } = handoff as { intercomSettings: { app_id: string; intercom_user_jwt: string } };
  const { payload } = await jwtVerify(intercomSettings.intercom_user_jwt, secretBytes, { algorithms: ['HS256'] });
  return { intercomSettings, payload, expiresAt, token: intercomSettings.intercom_user_jwt };
};

describe('IntercomStrategy', () => {
  it('validates settings: appId required, identifier userId | externalId, unknown keys and reserved mappings refused', () => {
    expect({ ...strategy.parseSettings({ appId: 'abc12345' }) }).toEqual({ appId: 'abc12345', identifier: 'userId', tokenTtlSeconds: 3600, claims: {} });
    expect(new Set(settingsProblemsOf(strategy, {}).fields)).toEqual(new Set(['settings.appId']));
    expect(settingsProblemsOf(strategy, { appId: 'a', identifier: 'email' }).fields).toEqual(['settings.identifier']);
    expect(settingsProblemsOf(strategy, { appId: 'a', userHash: 'x' }).fields).toEqual(['settings.userHash']);
    for (const claim of ['user_id', 'email', 'name', 'role', 'exp']) {
      expect(settingsProblemsOf(strategy, { appId: 'a', claims: { [claim]: 'name' } }).fields).toEqual([`settings.claims.${claim}`]);
    }
  });

  it('signs user_id, email, name, mapped attributes, iat and exp (1 h by default) with the Messenger secret', async () => {
    const claims = identityClaims();
    const { intercomSettings, payload, expiresAt } = await issue(integration({ claims: { plan: 'attributes.plan' } }), claims);
    expect(intercomSettings.app_id).toBe('abc12345');
    expect(payload).toEqual({ user_id: USER_ID, email: 'ada@example.com', name: 'Ada Lovelace', plan: 'gold', iat: claims.issuedAt, exp: claims.issuedAt + 3600 });
    expect(expiresAt?.getTime()).toBe((claims.issuedAt + 3600) * 1000);
  });

  it('names the user by the host app key with identifier externalId, and leaves unknown values out', async () => {
    const { payload } = await issue(integration({ identifier: 'externalId' }), identityClaims({ email: undefined, name: undefined }));
    expect(payload).toEqual({ user_id: 'ext-42', iat: expect.any(Number), exp: expect.any(Number) });
  });

  it('finds nothing wrong with its own token, and flags a missing user_id and an expired token', async () => {
    const token = decodeToken((await issue()).token);
    expect(strategy.inspect(token, integration()).filter((finding) => !finding.ok)).toEqual([]);
    const broken = { ...token, claims: { ...withoutClaim(token.claims, 'user_id'), exp: nowSeconds() - 1 } };
    const failed = strategy.inspect(broken, integration()).filter((finding) => !finding.ok);
    expect(failed.map((finding) => finding.rule)).toEqual(['intercom.exp.not-expired', 'intercom.user_id.present']);
    expect(failed[1].message).toMatch(/^user_id is missing: Intercom rejects JWTs without the user's id/);
  });
});
