import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPair, SignJWT } from 'jose';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectProblem, type HttpClient, listen } from './support/admin-api.js';
import { startTestApp, USER_TOKEN_SECRET } from './support/app.js';
import { requestIdentity } from './support/identity-api.js';

/** The standalone's bearer rules end to end: refusals are 401 saying why; an unreachable key set is a 503. */
describe('bearer tokens at POST /v1/identity/{integration}', () => {
  let apps: NestFastifyApplication[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });

  async function serve(environment: NodeJS.ProcessEnv): Promise<HttpClient> {
    const app = await startTestApp(environment);
    apps.push(app);
    return listen(app);
  }

  describe('with a shared secret', () => {
    let http: HttpClient;
    beforeAll(async () => {
      http = await serve({});
    });

    it('answers 401 saying so to a token without exp', async () => {
      const forever = await new SignJWT({ sub: 'user-forever' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(USER_TOKEN_SECRET));
      const response = await requestIdentity(http, 'any-integration', { headers: { authorization: `Bearer ${forever}` } });
      expect(expectProblem(response, 401).detail).toBe('The bearer token has no exp claim: tokens that never expire are not accepted.');
    });
  });

  describe('with a JWKS URL whose server is down', () => {
    let http: HttpClient;
    let token = '';
    beforeAll(async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/.well-known/jwks.json`;
      await new Promise((resolve) => closed.close(resolve));
      http = await serve({ AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: url });
      const { privateKey } = await generateKeyPair('RS256');
      token = await new SignJWT({ sub: 'user-jwks' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey);
    });

    // The refused connection fails at once, so no answer time is held here (Jest's timeout ends a hang);
    // fails if an unreachable key set is taken for a bad token (401) or for a server error (500).
    it('answers 503 problem+json with Retry-After, not 401', async () => {
      const response = await requestIdentity(http, 'any-integration', { headers: { authorization: `Bearer ${token}` } });
      expect(expectProblem(response, 503).detail).toContain('AUTH_JWKS_URL');
      expect(response.headers['retry-after']).toBe('30');
    });
  });
});
