import { describe, expect, it } from '@jest/globals';
import { ChatIdentityErrorCode } from '../common/chat-identity.error.js';
import { decodeUntrustedJwt, MAX_INSPECTED_TOKEN_BYTES } from './untrusted-jwt.js';

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${segment({ alg: 'HS256' })}.${segment({ sub: 'userexternal' })}.c2ln`;

function errorOf(input: string): unknown {
  try {
    decodeUntrustedJwt(input);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decodeUntrustedJwt', () => {
  it('decodes header and claims, and strips Tiledesk\'s "JWT " prefix for the signature check only', () => {
    expect(decodeUntrustedJwt(`JWT ${token}`)).toEqual({
      raw: `JWT ${token}`,
      compact: token,
      header: { alg: 'HS256' },
      claims: { sub: 'userexternal' },
    });
  });

  it('reads an unsigned token (empty signature) so that it can be flagged', () => {
    expect(decodeUntrustedJwt(`${segment({ alg: 'none' })}.${segment({})}.`).header).toEqual({ alg: 'none' });
  });

  it.each([
    ['an empty string', '', /empty/],
    ['two parts', 'abc.def', /2 part\(s\).*has 3/],
    ['a JWE', 'a.b.c.d.e', /encrypted JWE/],
    ['a header that is not base64url', `not+base64.${segment({})}.x`, /header part is not base64url/],
    ['a payload that is not JSON', `${segment({ alg: 'HS256' })}.${Buffer.from('hello').toString('base64url')}.x`, /payload part .* not JSON/],
    ['a header that is a JSON array', `${segment([1])}.${segment({})}.x`, /header part decodes to JSON that is not an object/],
  ])('refuses %s with a malformed-token error saying why', (_label, input, why) => {
    expect(errorOf(input)).toMatchObject({ code: ChatIdentityErrorCode.MalformedToken, message: expect.stringMatching(why) });
  });

  it('refuses input over 16 KB before decoding it', () => {
    expect(errorOf('x'.repeat(MAX_INSPECTED_TOKEN_BYTES + 1))).toMatchObject({
      code: ChatIdentityErrorCode.PayloadTooLarge,
      message: expect.stringContaining('at most 16384'),
    });
  });
});
