// The contract every vendor of the catalog keeps, each from its own folder's case
// (src/vendors/<id>/<id>.cases.ts): through the real HTTP API on real PostgreSQL, a token answer whose
// hand-off the vendor's documented check accepts, and its place in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { adminApi, type AdminApi, definitionOf, type HttpClient, listen, uniqueSlug } from './support/admin-api.js';
import { startTestApp } from './support/app.js';
import { startFakeGladly } from './support/fake-gladly-server.js';
import { startFakeHubSpot } from './support/fake-hubspot-server.js';
import { issueForUser, uniqueSub } from './support/identity-api.js';
import { vendorCases, type VendorTestContext } from './support/vendor-cases.js';

interface OpenApiDocument {
  components: { schemas: Record<string, { properties?: Record<string, { enum?: unknown[] }> }> };
}

const context: VendorTestContext = { apiUrl: '' };
const cases = await vendorCases(context, (vendor) => uniqueSlug(`contract-${vendor}`));

describe('every catalog vendor, from its folder', () => {
  let app: NestFastifyApplication;
  let http: HttpClient & { baseUrl: string };
  let admin: AdminApi;
  let openApi: OpenApiDocument;

  beforeAll(async () => {
    context.gladly = await startFakeGladly({ tokenTtlSeconds: 60, apiToken: 'contract-gladly-api-token-0123' });
    context.hubspot = await startFakeHubSpot();
    app = await startTestApp();
    http = await listen(app);
    context.apiUrl = http.baseUrl;
    admin = adminApi(http);
    for (const { slug, vendor, settings, secret, keyId, generateKeyPair } of cases) {
      const created = await admin.create({ slug, vendor, settings, secret, keyId });
      if (created.status !== 201) throw new Error(`creating ${slug}: ${created.status} ${created.text}`);
      if (generateKeyPair) expect((await admin.addSecret(slug, { generate: true })).status).toBe(201);
    }
    openApi = (await http.send<OpenApiDocument>('GET', '/docs-json')).body;
  });

  afterAll(async () => {
    await app?.close();
    await context.gladly?.close();
    await context.hubspot?.close();
  });

  describe.each(cases)('$vendor', (vendorCase) => {
    const definition = definitionOf(vendorCase.vendor);

    it("answers a token whose hand-off the vendor's own check accepts, with its logout call and expiry", async () => {
      const body = await issueForUser(http, vendorCase.slug, uniqueSub(vendorCase.vendor), { email: 'ada@example.com', name: 'Ada Lovelace' });

      expect(body).toMatchObject({ vendor: vendorCase.vendor, logout: definition.logout });
      expect(await vendorCase.verify(body.handoff, Date.now())).toMatchObject({ ok: true, user: expect.any(String) });
      if (vendorCase.lifetimeSeconds === null) expect(body.expiresAt).toBeNull();
      else expect(Date.parse(body.expiresAt ?? '')).toBeGreaterThan(Date.now());
    });

    it('is in the OpenAPI document: an integration vendor, with its settings schema and its token answer', () => {
      const { schemas } = openApi.components;
      // Its create body (one per vendor, `Create<Vendor>Integration`), its settings schema and its token answer.
      const createBody = `Create${definition.settings.name.replace(/Settings$/, '')}Integration`;
      expect(schemas[createBody]?.properties?.vendor?.enum).toEqual([vendorCase.vendor]);
      expect(schemas).toHaveProperty(definition.settings.name);
      const answers = Object.entries(schemas).filter(([name, schema]) => name !== createBody && schema.properties?.vendor?.enum?.length === 1 && schema.properties.vendor.enum[0] === vendorCase.vendor);
      expect(answers).toHaveLength(1);
    });
  });
});
