import { afterEach, describe, expect, it, jest } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { BearerTokenVerifier } from './bearer-token.verifier.js';

const SECRET = 'the-identity-providers-secret-0123456789';
const verifier = (): BearerTokenVerifier => new BearerTokenVerifier({ jwtSecret: SECRET, issuer: 'https://idp.example' });
const token = (claims: Record<string, unknown>, secret = SECRET, expiresIn = 60): string =>
  jwt.sign({ iss: 'https://idp.example', ...claims }, secret, { algorithm: 'HS256', expiresIn });

describe('BearerTokenVerifier', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers the same claims every time a valid token is presented again', async () => {
    const subject = verifier();
    const accessToken = token({ sub: 'user-1', email: 'ada@example.com' });
    const first = await subject.verify(accessToken);
    expect(first).toMatchObject({ sub: 'user-1', email: 'ada@example.com' });
    await expect(subject.verify(accessToken)).resolves.toEqual(first);
    expect(Object.isFrozen(await subject.verify(accessToken))).toBe(true);
  });

  it('never remembers a failure, nor lets a valid token vouch for a tampered copy', async () => {
    const subject = verifier();
    const forged = token({ sub: 'user-1' }, 'not-the-identity-providers-secret-000000');
    await expect(subject.verify(forged)).rejects.toThrow('The bearer token is invalid.');
    await expect(subject.verify(forged)).rejects.toThrow('The bearer token is invalid.');
    const valid = token({ sub: 'user-1' });
    await subject.verify(valid);
    const [header, , signature] = valid.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ iss: 'https://idp.example', sub: 'admin' })).toString('base64url')}.${signature}`;
    await expect(subject.verify(tampered)).rejects.toThrow('The bearer token is invalid.');
    const otherIssuer = token({ sub: 'user-1', iss: 'https://evil.example' });
    await expect(subject.verify(otherIssuer)).rejects.toThrow("The bearer token's iss claim is not accepted.");
  });

  it('does not keep trusting a verified token once it has expired', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const subject = verifier();
    const accessToken = token({ sub: 'user-1' }, SECRET, 60);
    await expect(subject.verify(accessToken)).resolves.toMatchObject({ sub: 'user-1' });
    jest.setSystemTime(new Date('2026-01-01T00:01:31Z')); // past exp and the 30 s clock tolerance
    await expect(subject.verify(accessToken)).rejects.toThrow('The bearer token has expired.');
  });
});
