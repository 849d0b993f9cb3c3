// What the browser-library specs share: the service with one integration per vendor case (and, when
// asked, a second one of the same vendor), the fakes those vendors' verifiers ask, a page server, Chromium.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { VENDOR_IDS } from '../../src/vendors/vendor-catalog.js';
import { ADMIN_KEY, startTestApp } from './app.js';
import { adminCreate, launchChromium } from './chromium.js';
import { startFakeGladly } from './fake-gladly-server.js';
import { startFakeHubSpot } from './fake-hubspot-server.js';
import { type VendorCase, vendorCases, type VendorTestContext } from './vendor-cases.js';

export interface BrowserLibraryHarness {
  apiUrl: string;
  /** The shop's page: an empty HTML document of another origin, allowed by CORS_ORIGINS. */
  pageUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The vendor cases, filled in by the harness once it runs; `cases` are those of the vendors the server registers. */
export async function vendorCasesOfCatalog(): Promise<{ context: VendorTestContext; everyCase: VendorCase[]; cases: VendorCase[]; caseOf(vendor: string): VendorCase }> {
  const context: VendorTestContext = { apiUrl: '' };
  const everyCase = await vendorCases(context, (vendor) => `browser-${vendor}`);
  const cases = everyCase.filter((candidate) => (VENDOR_IDS as readonly string[]).includes(candidate.vendor));
  return { context, everyCase, cases, caseOf: (vendor) => cases.find((candidate) => candidate.vendor === vendor)! };
}

/** The slug of a case's second integration (same vendor, settings and secret), with `secondIntegrations`. */
export const secondSlugOf = (vendorCase: VendorCase): string => `${vendorCase.slug}-second`;

export async function startBrowserLibraryHarness(
  context: VendorTestContext,
  cases: VendorCase[],
  { secondIntegrations = false, environment = {} as Record<string, string> } = {},
): Promise<BrowserLibraryHarness> {
  context.gladly = await startFakeGladly({ tokenTtlSeconds: 60, apiToken: 'browser-gladly-api-token-0123' });
  context.hubspot = await startFakeHubSpot();
  const pages: Server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>shop</title>'));
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  const pageUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  // Its own schema (unless `environment` names one): every browser spec creates the vendor cases' slugs, in the run's one database.
  const schema = `browser_${randomBytes(4).toString('hex')}`;
  const app: NestFastifyApplication = await startTestApp({ CORS_ORIGINS: pageUrl, DATABASE_SCHEMA: schema, ...environment });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = await app.getUrl();
  context.apiUrl = apiUrl;
  const adminPost = (path: string, body: unknown): Promise<void> => adminCreate(apiUrl, ADMIN_KEY, path, body);
  for (const vendorCase of cases) {
    const { vendor, settings, secret, keyId, generateKeyPair } = vendorCase;
    for (const slug of secondIntegrations ? [vendorCase.slug, secondSlugOf(vendorCase)] : [vendorCase.slug]) {
      await adminPost('/v1/admin/integrations', { slug, vendor, settings, secret, keyId });
      if (generateKeyPair) await adminPost(`/v1/admin/integrations/${slug}/secrets`, { generate: true });
    }
  }
  const browser = await launchChromium();
  return {
    apiUrl,
    pageUrl,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await context.gladly?.close();
      await context.hubspot?.close();
      await new Promise((resolve) => pages.close(resolve));
    },
  };
}

const stringsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];

/** The long values of an identity answer's hand-off: what its widget must be handed (tokens, signatures, emails, ids). */
export const handoffValues = (answer: unknown): string[] => stringsIn((answer as { handoff: unknown }).handoff).filter((value) => value.length >= 8);

/** What only this answer's user's credential carries (the user id, and the hand-off's values), minus what `other` has too. */
export function credentialValues(answer: unknown, other?: unknown): string[] {
  const shared = new Set(other === undefined ? [] : stringsIn(other));
  return [(answer as { userId: string }).userId, ...handoffValues(answer)].filter((value) => !shared.has(value));
}
