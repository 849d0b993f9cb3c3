import { describe, expect, it } from '@jest/globals';
import { type MintedIdentityToken, MintedTokenCache, type MintScope } from './minted-token.cache.js';

const scope = (userId: string, integrationId = 'integration-1', secretVersion = 1): MintScope => ({ integrationId, secretVersion, userId, request: ['ada@example.com'] });
const token = (name: string, lifetimeSeconds = 3600): MintedIdentityToken => ({ token: name, expiresAt: new Date(Date.now() + lifetimeSeconds * 1000) });

/** A mint the test finishes when it wants, counting how often it was started. */
function controlledMint() {
  let started = 0;
  let finish: (minted: MintedIdentityToken) => void = () => undefined;
  const mint = (): Promise<MintedIdentityToken> => {
    started++;
    return new Promise((resolve) => (finish = resolve));
  };
  return { mint, finish: (minted: MintedIdentityToken) => finish(minted), started: () => started };
}

describe('MintedTokenCache', () => {
  it('shares one mint between concurrent callers of a scope, then serves the cached token', async () => {
    const cache = new MintedTokenCache(60, 100);
    const upstream = controlledMint();
    const first = cache.get(scope('u1'), upstream.mint);
    const second = cache.get(scope('u1'), upstream.mint);
    upstream.finish(token('t1'));
    const [a, b] = await Promise.all([first, second]);
    expect(a.token).toBe('t1');
    expect(b).toBe(a);
    expect(await cache.get(scope('u1'), () => Promise.resolve(token('t2')))).toMatchObject({ token: 't1' });
    expect(upstream.started()).toBe(1);
  });

  it('keys by integration, secret version and request: another of them mints anew', async () => {
    const cache = new MintedTokenCache(60, 100);
    await cache.get(scope('u1'), () => Promise.resolve(token('v1')));
    expect(await cache.get(scope('u1', 'integration-1', 2), () => Promise.resolve(token('v2')))).toMatchObject({ token: 'v2' });
    expect(await cache.get(scope('u1', 'integration-2'), () => Promise.resolve(token('other')))).toMatchObject({ token: 'other' });
  });

  it('does not keep a token that expires within the refresh margin', async () => {
    const cache = new MintedTokenCache(60, 100);
    await cache.get(scope('u1'), () => Promise.resolve(token('short', 30)));
    expect(await cache.get(scope('u1'), () => Promise.resolve(token('again')))).toMatchObject({ token: 'again' });
  });

  it('never caches a token whose mint was in flight when its integration was forgotten', async () => {
    const cache = new MintedTokenCache(60, 100);
    const upstream = controlledMint();
    const pending = cache.get(scope('u1'), upstream.mint);
    cache.forgetIntegration('integration-1');
    upstream.finish(token('before-rotation'));
    await pending;
    expect(await cache.get(scope('u1'), () => Promise.resolve(token('after-rotation')))).toMatchObject({ token: 'after-rotation' });
  });

  it('forgets only the user or integration named', async () => {
    const cache = new MintedTokenCache(60, 100);
    for (const user of ['u1', 'u2']) await cache.get(scope(user), () => Promise.resolve(token(`${user}-cached`)));
    await cache.get(scope('u1', 'integration-2'), () => Promise.resolve(token('elsewhere-cached')));
    cache.forgetUser('u1');
    cache.forgetIntegration('integration-3');
    const fresh = () => Promise.resolve(token('fresh'));
    expect(await cache.get(scope('u1'), fresh)).toMatchObject({ token: 'fresh' });
    expect(await cache.get(scope('u2'), fresh)).toMatchObject({ token: 'u2-cached' });
    expect(await cache.get(scope('u1', 'integration-2'), fresh)).toMatchObject({ token: 'fresh' });
  });

  it('drops the oldest entry beyond its size', async () => {
    const cache = new MintedTokenCache(60, 2);
    for (const user of ['u1', 'u2', 'u3']) await cache.get(scope(user), () => Promise.resolve(token(`${user}-cached`)));
    const fresh = () => Promise.resolve(token('fresh'));
    expect(await cache.get(scope('u3'), fresh)).toMatchObject({ token: 'u3-cached' });
    expect(await cache.get(scope('u2'), fresh)).toMatchObject({ token: 'u2-cached' });
    expect(await cache.get(scope('u1'), fresh)).toMatchObject({ token: 'fresh' });
  });

  it('does not cache a failed mint', async () => {
    const cache = new MintedTokenCache(60, 100);
    await expect(cache.get(scope('u1'), () => Promise.reject(new Error('vendor down')))).rejects.toThrow('vendor down');
    expect(await cache.get(scope('u1'), () => Promise.resolve(token('recovered')))).toMatchObject({ token: 'recovered' });
  });
});
