import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { adminApi, type AdminApi, expectProblem, type HttpClient, listen, newSecret, uniqueSlug, type WidgetIdentityBody } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { createIntegration, issueForUser, requestAsUser, uniqueSub } from './support/identity-api.js';
import { findingOf, usersAdminApi } from './support/users-admin-api.js';
import { vendorCases } from './support/vendor-cases.js';
import { CredentialKind } from '../src/vendors/vendor-definition.js';
import { VENDOR_DEFINITIONS } from '../src/vendors/vendor-catalog.js';

const everyCase = await vendorCases({ apiUrl: '' }, (vendor) => vendor);

const at = (value: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

/** Every hash vendor of the catalog, with its folder's case (src/vendors/<id>/<id>.cases.ts). */
const CASES = VENDOR_DEFINITIONS.filter((definition) => definition.credential === CredentialKind.HmacSha256Hex).map((definition) => {
  const found = everyCase.find((candidate) => candidate.vendor === definition.id);
  if (!found?.hash) throw new Error(`${definition.id} has no hash case`);
  return {
    vendor: definition.id,
    ...found.hash,
    signatureIn: (handoff: Record<string, unknown>) => at(handoff, definition.credentialIn.path) as string,
    logout: definition.logout.call,
  };
});

/** The hash vendors through the real HTTP API on real PostgreSQL, each checked by a fake verifier written from its docs. */
describe.each(CASES)('$vendor through POST /v1/identity/{integration}', ({ vendor, accepts: vendorAccepts, signedFor, signatureIn, logout, needsEmail, signsIdentifier }) => {
  let app: NestFastifyApplication;
  let http: HttpClient;
  let admin: AdminApi;
  const accepts = (body: WidgetIdentityBody, secret: string): boolean => vendorAccepts(body.handoff, secret);

  beforeAll(async () => {
    app = await startTestApp();
    http = await listen(app);
    admin = adminApi(http);
  });

  afterAll(() => app.close());

  const newIntegration = async (secret: string, settings: Record<string, unknown> = {}): Promise<string> => {
    const slug = uniqueSlug(vendor);
    await createIntegration(http, { slug, vendor, settings, secret });
    return slug;
  };
  const email = (): string => `Ada.${randomUUID()}@Example.com`;

  it('answers a signature the vendor accepts, of exactly the value handed over, that never expires', async () => {
    const secret = newSecret(vendor);
    const slug = await newIntegration(secret);
    const address = email();
    const body = await issueForUser(http, slug, uniqueSub(vendor), { email: address, name: 'Ada Lovelace' });

    expect(body).toMatchObject({ vendor, expiresAt: null, logout: { call: logout } });
    expect(accepts(body, secret)).toBe(true);
    expect(accepts(body, newSecret('another'))).toBe(false);
    // The email as stored, letter case included: the widget gets it (and email vendors hash that string).
    expect(JSON.stringify(body.handoff)).toContain(`"${address}"`);
    const report = await usersAdminApi(http).inspectSignature(slug, { signature: signatureIn(body.handoff), signed: signedFor(body, address) });
    expect(report.status).toBe(200);
    expect(report.body.signature).toMatchObject({ valid: true, version: 1, state: 'active' });
    expect(report.body.ok).toBe(true);
  });

  it('rotates with no failed request: every answer verifies under the old or the new secret, then only the new', async () => {
    const [oldSecret, rotated] = [newSecret('old'), newSecret('new')];
    const slug = await newIntegration(oldSecret);
    const sub = uniqueSub(`${vendor}-rotation`);
    const address = email();
    const during = Array.from({ length: 20 }, () => requestAsUser(http, slug, sub, { email: address }));
    const rotation = admin.addSecret(slug, { secret: rotated });
    const answers = await Promise.all(during);
    expect((await rotation).status).toBe(201);

    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(accepts(answer.body, oldSecret) || accepts(answer.body, rotated)).toBe(true);
    }
    const after = await issueForUser(http, slug, sub, { email: address });
    expect([accepts(after, oldSecret), accepts(after, rotated)]).toEqual([false, true]);
  });

  it('never signs with a revoked secret again, and the inspector names it revoked', async () => {
    const [first, second, third] = [newSecret('v1'), newSecret('v2'), newSecret('v3')];
    const slug = await newIntegration(first);
    const sub = uniqueSub(`${vendor}-revoke`);
    const address = email();
    const signedWithFirst = await issueForUser(http, slug, sub, { email: address });
    expect((await admin.addSecret(slug, { secret: second })).status).toBe(201);
    expect((await admin.revoke(slug, 1)).status).toBe(200);
    expect((await admin.addSecret(slug, { secret: third, activate: false })).status).toBe(201);

    for (let request = 0; request < 5; request++) {
      const body = await issueForUser(http, slug, sub, { email: address });
      expect([accepts(body, first), accepts(body, second), accepts(body, third)]).toEqual([false, true, false]);
    }
    const report = await usersAdminApi(http).inspectSignature(slug, { signature: signatureIn(signedWithFirst.handoff), signed: signedFor(signedWithFirst, address) });
    expect(report.body.signature).toMatchObject({ valid: false, version: 1, state: 'revoked' });
  });

  it(needsEmail ? 'answers 422 naming the rule for a user without an email' : 'identifies a user without an email', async () => {
    const slug = await newIntegration(newSecret(vendor));
    const response = await requestAsUser(http, slug, uniqueSub(`${vendor}-no-email`), { name: 'No Mail' });
    if (needsEmail) {
      expect(expectProblem(response, 422).detail).toMatch(/email/);
    } else {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body.handoff)).not.toContain('"email"');
    }
  });

  it('rejects unknown settings keys, naming them', async () => {
    const response = await admin.create({ slug: uniqueSlug(`${vendor}-bad`), vendor, settings: { chatId: 'x' }, secret: newSecret(vendor) });
    expect((expectProblem(response, 400).errors ?? []).map((error) => error.field)).toContain('settings.chatId');
  });

  if (signsIdentifier) {
    it('signs the host app user key with settings.identifier externalId', async () => {
      const secret = newSecret(vendor);
      const slug = await newIntegration(secret, { identifier: 'externalId' });
      const sub = uniqueSub(`${vendor}-external`);
      const address = email();
      const body = await issueForUser(http, slug, sub, { email: address });
      expect(accepts(body, secret)).toBe(true);
      expect(JSON.stringify(body.handoff)).toContain(`"${sub}"`);
      expect(JSON.stringify(body.handoff)).not.toContain(body.userId);
    });
  }

  if (needsEmail) {
    it('tells the inspector which mistake was made when the email was signed in other letter case', async () => {
      const secret = newSecret(vendor);
      const slug = await newIntegration(secret);
      const address = email();
      const body = await issueForUser(http, slug, uniqueSub(`${vendor}-case`), { email: address.toLowerCase() });
      const report = await usersAdminApi(http).inspectSignature(slug, { signature: signatureIn(body.handoff), signed: signedFor(body, address) });
      expect(report.body.signature).toMatchObject({ valid: false });
      expect(findingOf(report.body, `${vendor}.signed.email-case`)).toMatchObject({ ok: false, message: expect.stringMatching(/different case.*version 1, active/) });
    });
  }
});
