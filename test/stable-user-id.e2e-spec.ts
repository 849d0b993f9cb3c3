import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type HttpClient, listen, uniqueSlug, type WidgetIdentityBody } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import {
  createIntegration,
  expectIdentity,
  issueForUser,
  LOWER_CASE_UUID,
  requestAsUser,
  uniqueSub,
  verifyVendorToken,
} from './support/identity-api.js';

const secret = `stable-user-id-secret-${randomUUID()}`;
const projectId = 'stable-project';

/** The user id each vendor's token carries: Glassix `aud`, Tiledesk `_id` suffix (Decimal carries none). */
async function userIdInToken(identity: WidgetIdentityBody): Promise<string | undefined> {
  if (identity.vendor === 'glassix') {
    return (await verifyVendorToken((identity.handoff.widgetOptions as { identityToken: string }).identityToken, secret)).payload.aud as string;
  }
  if (identity.vendor === 'tiledesk') {
    const { payload } = await verifyVendorToken((identity.handoff.signInWithCustomToken as string).slice('JWT '.length), secret);
    return (payload._id as string).slice(`${projectId}_`.length);
  }
  return undefined;
}

describe('One stable user id per user, from every integration and every instance', () => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  const slugs = { glassix: uniqueSlug('stable-glassix'), decimal: uniqueSlug('stable-decimal'), tiledesk: uniqueSlug('stable-tiledesk') };

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    await createIntegration(http, { slug: slugs.glassix, vendor: 'glassix', settings: { apiKey: randomUUID(), snippetId: 's' }, secret });
    await createIntegration(http, { slug: slugs.decimal, vendor: 'decimal', settings: {}, secret });
    await createIntegration(http, { slug: slugs.tiledesk, vendor: 'tiledesk', settings: { projectId }, secret });
  });

  afterAll(() => app.close());

  const issueEverywhere = (client: HttpClient, sub: string): Promise<WidgetIdentityBody[]> =>
    Promise.all(Object.values(slugs).map((slug) => issueForUser(client, slug, sub, { email: `${sub}@example.com`, name: 'Stable User' })));

  it('gives a user the same lower-case UUID from glassix, decimal and tiledesk, inside their tokens too', async () => {
    const identities = await issueEverywhere(http, uniqueSub('stable'));
    const [userId] = identities.map((identity) => identity.userId);
    expect(userId).toMatch(LOWER_CASE_UUID);
    expect(identities.map((identity) => identity.userId)).toEqual([userId, userId, userId]);
    expect(await userIdInToken(identities[0])).toBe(userId);
    expect(await userIdInToken(identities[2])).toBe(userId);
  });

  it('gives another user another UUID', async () => {
    const [first] = await issueEverywhere(http, uniqueSub('first'));
    const [second] = await issueEverywhere(http, uniqueSub('second'));
    expect(second.userId).not.toBe(first.userId);
  });

  it('keeps the UUID when the user comes back with a changed profile', async () => {
    const sub = uniqueSub('profile');
    const before = await issueForUser(http, slugs.decimal, sub, { email: 'old@example.com', name: 'Old Name' });
    const after = await issueForUser(http, slugs.decimal, sub, { email: 'new@example.com', name: 'New Name' });
    expect(after.userId).toBe(before.userId);
  });

  it('keeps the UUID across a restart: a new instance on the same database answers the same', async () => {
    const sub = uniqueSub('restart');
    const before = await issueEverywhere(http, sub);

    const first = await startTestApp();
    const fromFirst = await issueEverywhere(await listen(first), sub);
    await first.close();
    const second = await startTestApp();
    try {
      const fromSecond = await issueEverywhere(await listen(second), sub);
      expect(fromFirst.map((identity) => identity.userId)).toEqual(before.map((identity) => identity.userId));
      expect(fromSecond.map((identity) => identity.userId)).toEqual(before.map((identity) => identity.userId));
      expect(await userIdInToken(fromSecond[0])).toBe(before[0].userId);
    } finally {
      await second.close();
    }
  });

  it('a user first seen by a fresh instance keeps that UUID on the next one', async () => {
    const sub = uniqueSub('fresh');
    const first = await startTestApp();
    const [created] = await issueEverywhere(await listen(first), sub);
    await first.close();
    const [again] = await issueEverywhere(http, sub);
    expect(again.userId).toBe(created.userId);
  });

  it('answers 50 simultaneous first requests for a new user with one UUID, and stores one row', async () => {
    const sub = uniqueSub('concurrent');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => requestAsUser(http, Object.values(slugs)[index % 3], sub, { email: `${sub}@example.com` })),
    );
    const failures = responses.filter((response) => response.status !== 200).map((response) => `${response.status} ${response.text}`);
    expect(failures).toEqual([]);
    const userIds = new Set(responses.map((response) => expectIdentity(response).userId));
    expect(userIds.size).toBe(1);
    const rows: Array<{ id: string }> = await app.get(DataSource).query('SELECT id FROM chat_identity.end_user WHERE external_id = $1', [sub]);
    expect(rows).toEqual([{ id: [...userIds][0] }]);
  });
});
