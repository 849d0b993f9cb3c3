import { describe, expect, it } from '@jest/globals';
import { ChatIdentityError, ChatIdentityErrorCode } from '../../common/chat-identity.error.js';
import { GladlyStrategy } from './gladly.strategy.js';

const strategy = new GladlyStrategy({ masterKeys: [] });

/** The field paths a settings object is refused for (empty when accepted). */
function refusedFields(raw: unknown): string[] {
  try {
    strategy.parseSettings(raw);
    return [];
  } catch (error) {
    if (!(error instanceof ChatIdentityError) || error.code !== ChatIdentityErrorCode.ValidationFailed) throw error;
    return (error.details.errors ?? []).map((problem) => problem.field);
  }
}

describe('Gladly settings', () => {
  it('defaults to standard mode with a one-hour tokenTtlSeconds', () => {
    expect(strategy.parseSettings({})).toMatchObject({ mode: 'standard', tokenTtlSeconds: 3600 });
  });

  it('requires baseUrl and apiUser in jwt mode only', () => {
    expect(refusedFields({ mode: 'jwt' })).toEqual(expect.arrayContaining(['settings.baseUrl', 'settings.apiUser']));
    expect(refusedFields({ mode: 'standard' })).toEqual([]);
    expect(refusedFields({ mode: 'jwt', baseUrl: 'https://acme.gladly.com', apiUser: 'api@acme.com' })).toEqual([]);
  });

  it.each([
    ['https://acme.gladly.com', true],
    ['https://acme.gladly.com/', true],
    ['http://127.0.0.1:43121', false],
    ['http://localhost:8080', false],
    ['https://169.254.169.254', false],
    ['https://metadata.google.internal', false],
    ['https://10.0.0.7', false],
    ['https://acme.gladly.com.evil.example', false],
    ['https://a.acme.gladly.com', false],
    ['http://acme.gladly.com', false],
    ['https://acme.gladly.com/api/v1', false],
    ['https://acme.gladly.com?x=1', false],
    ['https://user:pass@acme.gladly.com', false],
    ['ftp://acme.gladly.com', false],
    ['acme.gladly.com', false],
  ])('baseUrl %s accepted: %s', (baseUrl, accepted) => {
    expect(refusedFields({ mode: 'jwt', baseUrl, apiUser: 'api@acme.com' })).toEqual(accepted ? [] : ['settings.baseUrl']);
  });

  it('accepts an allow-listed staging host (https) and an allow-listed origin, and nothing else', () => {
    const staging = new GladlyStrategy({ masterKeys: [], vendorHostAllowlist: ['*.gladly-staging.example', 'http://127.0.0.1:43121'] });
    const accepts = (baseUrl: string): boolean => {
      try {
        return staging.parseSettings({ mode: 'jwt', baseUrl, apiUser: 'api@acme.com' }).baseUrl === baseUrl;
      } catch {
        return false;
      }
    };
    expect(['https://acme.gladly-staging.example', 'http://127.0.0.1:43121', 'https://acme.gladly.com'].map(accepts)).toEqual([true, true, true]);
    expect(['http://acme.gladly-staging.example', 'http://127.0.0.1:43122', 'https://127.0.0.1:43121'].map(accepts)).toEqual([false, false, false]);
  });

  it('refuses an apiUser that is not an email, an unknown mode, and an out-of-range tokenTtlSeconds', () => {
    expect(refusedFields({ mode: 'jwt', baseUrl: 'https://acme.gladly.com', apiUser: 'acme' })).toEqual(['settings.apiUser']);
    expect(refusedFields({ mode: 'secure' })).toEqual(['settings.mode']);
    expect(refusedFields({ tokenTtlSeconds: 10 })).toEqual(['settings.tokenTtlSeconds']);
  });

  it('refuses unknown keys, a claims mapping included', () => {
    expect(refusedFields({ claims: { field1: 'name' } })).toEqual(['settings.claims']);
    expect(refusedFields({ apiToken: 'secret' })).toEqual(['settings.apiToken']);
  });
});
