import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from 'jose';
import jwt from 'jsonwebtoken';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChatIdentityError, ChatIdentityErrorCode } from '../../common/chat-identity.error.js';
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
    // Fails if a token verified before is checked again, or waits on a promise: the cache answers at once.
    expect(subject.verify(accessToken)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
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
    expect(await subject.verify(accessToken)).toMatchObject({ sub: 'user-1' });
    jest.setSystemTime(new Date('2026-01-01T00:01:31Z')); // past exp and the 30 s clock tolerance
    await expect(subject.verify(accessToken)).rejects.toThrow('The bearer token has expired.');
  });

  it('refuses a token without exp, saying so, however well signed', async () => {
    const forever = jwt.sign({ iss: 'https://idp.example', sub: 'user-1' }, SECRET, { algorithm: 'HS256' });
    await expect(verifier().verify(forever)).rejects.toThrow('The bearer token has no exp claim: tokens that never expire are not accepted.');
  });

  it('refuses a token whose header lists critical extensions (crit), which jsonwebtoken alone would accept', async () => {
    const critical = jwt.sign({ iss: 'https://idp.example', sub: 'user-1' }, SECRET, {
      algorithm: 'HS256',
      expiresIn: 60,
      header: { alg: 'HS256', crit: ['exp'], exp: 1 } as jwt.JwtHeader,
    });
    expect(jwt.verify(critical, SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'user-1' });
    await expect(verifier().verify(critical)).rejects.toThrow('The bearer token requires header extensions (crit) this service does not understand.');
  });
});

describe('BearerTokenVerifier with a JWKS URL', () => {
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let server: Server;
  let answer: 'keys' | 'error' | 'hang' = 'keys';
  let baseUrl = '';

  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_request, response) => {
      if (answer === 'hang') return; // accepts the connection, never answers
      if (answer === 'error') return void response.writeHead(500).end('down for maintenance');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  afterEach(() => {
    answer = 'keys';
  });

  const rsaToken = (claims: Record<string, unknown>, expires = true): Promise<string> => {
    const builder = new SignJWT({ iss: 'https://idp.example', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' });
    return (expires ? builder.setExpirationTime('5m') : builder).sign(keys.privateKey);
  };
  const jwksVerifier = (url = `${baseUrl}/jwks`): BearerTokenVerifier => new BearerTokenVerifier({ jwksUrl: url, issuer: 'https://idp.example' });

  async function refusal(verify: unknown): Promise<ChatIdentityError> {
    const error = await Promise.resolve(verify).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(ChatIdentityError);
    return error as ChatIdentityError;
  }

  it('verifies a token signed with a key from the set, and refuses one without exp or with crit', async () => {
    await expect(jwksVerifier().verify(await rsaToken({ sub: 'user-1' }))).resolves.toMatchObject({ sub: 'user-1' });
    await expect(jwksVerifier().verify(await rsaToken({ sub: 'user-1' }, false))).rejects.toThrow('has no exp claim');
    // Signed by hand: jose itself refuses to sign with an extension it does not know.
    const critical = jwt.sign({ iss: 'https://idp.example', sub: 'user-1' }, await exportPKCS8(keys.privateKey), {
      algorithm: 'RS256',
      expiresIn: 60,
      header: { alg: 'RS256', kid: 'k1', crit: ['urn:example:unknown'], 'urn:example:unknown': true } as jwt.JwtHeader,
    });
    expect((await refusal(jwksVerifier().verify(critical))).code).toBe(ChatIdentityErrorCode.Unauthenticated);
  });

  it.each([
    ['refuses connections', 'closed'],
    ['answers 500', 'error'],
    ['never answers', 'hang'],
  ] as const)('answers 503 with Retry-After, not 401, when the key set %s', async (_case, state) => {
    let url = `${baseUrl}/jwks`;
    if (state === 'closed') {
      const idle = createServer();
      await new Promise<void>((resolve) => idle.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(idle.address() as AddressInfo).port}/jwks`;
      await new Promise((resolve) => idle.close(resolve));
    } else {
      answer = state;
    }
    const startedAt = Date.now();
    const error = await refusal(jwksVerifier(url).verify(await rsaToken({ sub: 'user-1' })));
    expect({ code: error.code, retryAfterSeconds: error.details.retryAfterSeconds }).toEqual({
      code: ChatIdentityErrorCode.IdentityProviderUnavailable,
      retryAfterSeconds: 30,
    });
    expect(error.message).toContain('AUTH_JWKS_URL');
    // The bound is the behaviour: a key set that hangs is given up on after 2 s, not the caller's whole timeout.
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  }, 10_000);
});
