import { describe, expect, it } from '@jest/globals';
import { GladlyStrategy } from './gladly.strategy.js';

describe('GladlyStrategy.inspect', () => {
  const strategy = new GladlyStrategy({ masterKeys: [], vendorHostAllowlist: [] });
  const integration = (settings: Record<string, unknown>) => ({ id: 'integration-1', slug: 'gladly-support', vendor: 'gladly', settings: strategy.parseSettings(settings) });
  const jwtIntegration = integration({ mode: 'jwt', baseUrl: 'https://acme.gladly.com', apiUser: 'api-user@example.com' });
  const inspect = (claims: Record<string, unknown>, integration = jwtIntegration) =>
    strategy.inspect({ raw: 'x.y.z', jwt: { raw: 'x.y.z', header: { alg: 'HS256' }, claims } }, integration);

  it('says the signature cannot be checked here and that an unexpired token is fine', () => {
    const findings = inspect({ exp: Math.floor(Date.now() / 1000) + 600 });
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'minted-by-gladly', ok: true, message: expect.stringContaining('cannot verify their signature') }),
      expect.objectContaining({ rule: 'not-expired', ok: true }),
    ]);
  });

  it('flags an expired token, a token without exp, and a standard-mode integration', () => {
    expect(inspect({ exp: Math.floor(Date.now() / 1000) - 1 })).toContainEqual(expect.objectContaining({ rule: 'not-expired', ok: false }));
    expect(inspect({})).toContainEqual(expect.objectContaining({ rule: 'exp-present', ok: false }));
    expect(inspect({ exp: Math.floor(Date.now() / 1000) + 600 }, integration({}))).toContainEqual(
      expect.objectContaining({ rule: 'jwt-mode', ok: false }),
    );
  });
});
