import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChatIdentityModuleOptions, getChatIdentityOptionsToken } from 'chat-identity';
import { randomUUID } from 'node:crypto';
import { IntegrationsService } from '../src/integrations/integrations.service.js';
import { HOST_SESSIONS } from './host/host-auth.js';
import { type Call, claimsIfSignedWith, configureHostEnvironment, decimalUserToken, hostClient, newVendorSecret } from './host/host-client.js';
import { IdentityOnlyHostModule } from './host/identity-only-host.module.js';
import { type HostAdapter, type RunningHost, startHostApp } from './host/start-host-app.js';

// Its own file: each file has its own module registry, so the two hosts' default DataSources never meet.
const ADAPTERS: HostAdapter[] = ['express', 'fastify'];
const ALICE = 'session-alice';
const alice = HOST_SESSIONS.get(ALICE)!;

let restoreEnvironment: () => void;
beforeAll(() => {
  restoreEnvironment = configureHostEnvironment();
});
afterAll(() => restoreEnvironment());

describe.each(ADAPTERS)("a host mounting only the end-user API on %s (forRootAsync + useClass, controllers: 'identity')", (adapter) => {
  let host: RunningHost;
  let call: Call;

  beforeAll(async () => {
    host = await startHostApp(IdentityOnlyHostModule, adapter);
    call = hostClient(host);
  });

  afterAll(() => host?.app.close());

  it('builds its options with the useClass factory and the imported ConfigService', () => {
    const options = host.app.get<ChatIdentityModuleOptions>(getChatIdentityOptionsToken());
    expect(options.masterKeys[0].key.equals(Buffer.from(process.env.CHAT_IDENTITY_MASTER_KEY!, 'base64'))).toBe(true);
  });

  it('mounts no admin route', async () => {
    for (const [method, path] of [
      ['GET', '/chat/v1/admin/integrations'],
      ['POST', '/chat/v1/admin/integrations'],
      ['GET', '/chat/v1/admin/audit'],
      ['POST', '/chat/v1/admin/master-key/rotate'],
    ]) {
      const reply = await call(method, path, { session: ALICE, body: method === 'POST' ? {} : undefined });
      expect({ method, path, status: reply.status }).toEqual({ method, path, status: 404 });
    }
  });

  it('issues tokens to the signed-in host user', async () => {
    const slug = `identity-only-${adapter}-${randomUUID().slice(0, 8)}`;
    const secret = newVendorSecret();
    // Created by the host's own code: this host has no admin API.
    await host.app.get(IntegrationsService).create({ slug, vendor: 'decimal', settings: {}, secret }, { actor: 'host-setup', requestId: 'setup' });

    expect((await call('POST', `/chat/v1/identity/${slug}`)).status).toBe(401);
    const issued = await call('POST', `/chat/v1/identity/${slug}`, { session: ALICE });
    expect(issued.status).toBe(200);
    expect(await claimsIfSignedWith(decimalUserToken(issued.body), secret)).toMatchObject({ email: alice.email });
  });
});
