import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { adminApi, type AdminApi, expectProblem, type HttpClient, listen, uniqueSlug } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { type FakeHubSpot, startFakeHubSpot } from './support/fake-hubspot-server.js';
import { createIntegration, issueForUser, requestAsUser, uniqueSub } from './support/identity-api.js';
import { usersAdminApi } from './support/users-admin-api.js';

const TOKEN_V1 = `pat-na1-${randomUUID()}`;
const TOKEN_V2 = `pat-na1-${randomUUID()}`;

/** HubSpot mints the identification token: driven through the real HTTP API, against a fake HubSpot. */
describe('HubSpot through POST /v1/identity/{integration}', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  let hubspot: FakeHubSpot;
  let slug: string;

  const callsFor = (email: string) => hubspot.requests.filter((request) => (request.body as { email?: string }).email === email);
  const tokenOf = (body: { handoff: Record<string, unknown> }) =>
    (body.handoff.hsConversationsSettings as { identificationToken: string }).identificationToken;

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
    hubspot = await startFakeHubSpot({ privateAppTokens: [TOKEN_V1, TOKEN_V2] });
  });

  afterAll(async () => {
    await app.close();
    await hubspot.close();
  });

  beforeEach(async () => {
    slug = uniqueSlug('hubspot');
    await createIntegration(http, { slug, vendor: 'hubspot', settings: { baseUrl: hubspot.url }, secret: TOKEN_V1 });
  });

  it('answers hsConversationsSettings with the token HubSpot minted for the email, valid 12 hours', async () => {
    const email = `${randomUUID()}@example.com`;
    const before = Date.now();
    const body = await issueForUser(http, slug, uniqueSub('hubspot'), { email, name: 'Grace Brewster Hopper' });
    const [call] = callsFor(email);
    expect(call).toMatchObject({
      path: '/visitor-identification/v3/tokens/create',
      authorization: `Bearer ${TOKEN_V1}`,
      body: { email, firstName: 'Grace', lastName: 'Brewster Hopper' },
      status: 200,
    });
    expect(body).toMatchObject({
      vendor: 'hubspot',
      handoff: { hsConversationsSettings: { loadImmediately: false, identificationEmail: email, identificationToken: call.token } },
      logout: { call: 'window.HubSpotConversations.clear({ resetWidget: true })' },
    });
    const expiresAt = Date.parse(body.expiresAt ?? '');
    expect(expiresAt).toBeGreaterThanOrEqual(before + 12 * 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3600_000);
  });

  it('mints once for 10 concurrent first requests of one user, then serves the cache', async () => {
    const email = `${randomUUID()}@example.com`;
    const sub = uniqueSub('hubspot-burst');
    const bodies = await Promise.all(Array.from({ length: 10 }, () => issueForUser(http, slug, sub, { email })));
    const later = await issueForUser(http, slug, sub, { email });
    expect(callsFor(email)).toHaveLength(1);
    expect(new Set([...bodies, later].map(tokenOf))).toEqual(new Set([callsFor(email)[0].token]));
  });

  it('waits out a 429 and answers 200, counting both calls in the metrics', async () => {
    const throttled = async (): Promise<number> => {
      const text = (await http.send('GET', '/metrics')).text;
      return Number(/^chat_identity_vendor_api_throttled_total\{vendor="hubspot"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    };
    const before = await throttled();
    const email = `${randomUUID()}@example.com`;
    hubspot.setBehaviour({ respond: 'rate-limited', times: 1 });
    const body = await issueForUser(http, slug, uniqueSub('hubspot-429'), { email });
    expect(callsFor(email).map((call) => call.status)).toEqual([429, 200]);
    expect(tokenOf(body)).toBe(callsFor(email)[1].token);
    expect(await throttled()).toBe(before + 1);
  });

  it('answers a 502 problem naming the plan and scope when the account lacks the feature (403)', async () => {
    hubspot.setQualifyingSubscription(false);
    try {
      const response = await requestAsUser(http, slug, uniqueSub('hubspot-403'), { email: `${randomUUID()}@example.com` });
      const problem = expectProblem(response, 502);
      expect(problem.detail).toMatch(/HTTP 403.*Professional or Enterprise.*conversations\.visitor_identification\.tokens\.create/);
      expect(response.text).not.toContain(TOKEN_V1);
    } finally {
      hubspot.setQualifyingSubscription(true);
    }
  });

  it('answers 422 for a user without an email, without calling HubSpot', async () => {
    const calls = hubspot.requests.length;
    const response = await requestAsUser(http, slug, uniqueSub('hubspot-no-email'), { name: 'No Mail' });
    expect(expectProblem(response, 422).detail).toMatch(/HubSpot identifies a chat visitor by email/);
    expect(hubspot.requests).toHaveLength(calls);
  });

  it('forgets the cached token when the user is erased, even if the same UUID comes back', async () => {
    const email = `${randomUUID()}@example.com`;
    const sub = uniqueSub('hubspot-erase');
    const first = await issueForUser(http, slug, sub, { email });
    const users = usersAdminApi(http);
    expect((await users.erase(sub)).status).toBe(200);
    // Re-import the same UUID: only a forgotten cache makes the next request call HubSpot again.
    expect((await users.importJson([{ externalId: sub, uuid: first.userId }])).status).toBe(200);
    const second = await issueForUser(http, slug, sub, { email });
    expect(second.userId).toBe(first.userId);
    expect(callsFor(email)).toHaveLength(2);
    expect(tokenOf(second)).not.toBe(tokenOf(first));
  });

  it('mints with the new private app token after a rotation, anew when an old version is activated again, never with a revoked one', async () => {
    const email = `${randomUUID()}@example.com`;
    const sub = uniqueSub('hubspot-rotate');
    await issueForUser(http, slug, sub, { email });

    expect((await admin.addSecret(slug, { secret: TOKEN_V2 })).status).toBe(201);
    await issueForUser(http, slug, sub, { email });
    // Version 1 again: its token was cached before the rotation, so only forgetting on rotation mints anew.
    expect((await admin.activate(slug, 1)).status).toBe(200);
    await issueForUser(http, slug, sub, { email });
    expect(callsFor(email).map((call) => call.authorization)).toEqual([`Bearer ${TOKEN_V1}`, `Bearer ${TOKEN_V2}`, `Bearer ${TOKEN_V1}`]);

    expect((await admin.revoke(slug, 2)).status).toBe(200);
    for (let request = 0; request < 3; request++) await issueForUser(http, slug, uniqueSub('hubspot-after-revoke'), { email: `${randomUUID()}@example.com` });
    const sinceRevocation = hubspot.requests.slice(-3).map((call) => call.authorization);
    expect(sinceRevocation).toEqual(Array(3).fill(`Bearer ${TOKEN_V1}`));
  });
});
