// Each vendor's test cases live in its folder (src/vendors/<id>/<id>.cases.ts, test-only, never built):
// the integration a test creates, the vendor's documented check of a hand-off, and a stand-in of its
// widget SDK for the browser. The shared specs load them for every vendor of the catalog.
import { VENDOR_IDS } from '../../src/vendors/vendor-catalog.js';
import type { FakeGladly } from './fake-gladly-server.js';
import type { FakeHubSpot } from './fake-hubspot-server.js';

/** A vendor's verdict on what its widget was handed. */
export interface Verdict {
  ok: boolean;
  /** Whom the vendor would show the conversation of (its user key). */
  user?: string;
  /** The credential's expiry (ms), when it has one. */
  expiresAtMs?: number;
  reason?: string;
}

/** Checks a hand-off (the `handoff` of a token answer, as the widget gets it) as the vendor would, at the widget's clock `nowMs`. */
export type CredentialVerifier = (handoff: unknown, nowMs: number) => Promise<Verdict>;

/**
 * The in-page stand-in of a vendor's widget SDK: defines its documented globals on `page` and calls
 * `signIn` with the hand-off it was given (its verdict, for widgets that answer a login callback),
 * `signOut` where the real widget drops the user. Serialized into the page, so self-contained: no
 * imports, no closures.
 */
export type FakeWidget = (page: Record<string, unknown>, signIn: (handoff: unknown) => Promise<Verdict>, signOut: () => void) => void;

/** What the cases need from the running test, filled in its beforeAll and read when a widget asks. */
export interface VendorTestContext {
  apiUrl: string;
  gladly?: FakeGladly;
  hubspot?: FakeHubSpot;
}

/** What a hash vendor signs, for the inspector and the rotation tests. */
export interface HashCase {
  /** The vendor's HMAC check of a hand-off with `secret`. */
  accepts(handoff: Record<string, unknown>, secret: string): boolean;
  /** The value the vendor hashes for an answer to a user with `email`. */
  signedFor(answer: { userId: string }, email: string): string;
  needsEmail: boolean;
  /** The `identifier` setting names what is signed. */
  signsIdentifier: boolean;
}

export interface VendorCase {
  vendor: string;
  slug: string;
  /** Settings with the shortest token lifetime the vendor allows. */
  settings: Record<string, unknown>;
  secret?: string;
  keyId?: string;
  /** Vendors that verify our own key pair: the version is generated after the integration is created. */
  generateKeyPair?: boolean;
  /** The page's own widget settings, given to attach (Front's chatId). */
  widgetOptions?: Record<string, unknown>;
  /** The credential's lifetime in seconds; null when it never expires. */
  lifetimeSeconds: number | null;
  /** The vendor's documented check of a token answer's hand-off. */
  verify: CredentialVerifier;
  /** What the widget was handed in the page, when the page adds to the hand-off (Front's chatId). @default verify */
  verifyInWidget?: CredentialVerifier;
  fakeWidget: FakeWidget;
  hash?: HashCase;
}

/** A vendor folder's `vendorCase`: its case for an integration named `slug`. */
export type VendorCaseFactory = (context: VendorTestContext, slug: string) => Omit<VendorCase, 'slug'>;

/** Every catalog vendor's case, integrations named `slugOf(vendor)`. */
export async function vendorCases(context: VendorTestContext, slugOf: (vendor: string) => string): Promise<VendorCase[]> {
  const cases: VendorCase[] = [];
  // One import after the other: Jest's ESM loader fails concurrent first imports of a shared module.
  for (const vendor of VENDOR_IDS) {
    const { vendorCase } = (await import(`../../src/vendors/${vendor}/${vendor}.cases.js`)) as { vendorCase: VendorCaseFactory };
    const slug = slugOf(vendor);
    // Assigned, not spread: the settings and secret of vendors with a fake server are getters, read once it runs.
    cases.push(Object.assign(vendorCase(context, slug), { slug }));
  }
  return cases;
}

/** A verdict for the user a credential names; a credential that names nobody is refused. */
export function accepted(user: unknown, expiresAtMs?: number): Verdict {
  if (typeof user !== 'string' || user === '') throw new Error('the credential names no user');
  return { ok: true, user, expiresAtMs };
}

export interface Fields {
  [key: string]: unknown;
}

/** The object under `key`, or an empty one (a hand-off is read as the vendor reads it: missing is empty). */
export const fields = (value: unknown, key: string): Fields => ((value as Fields | undefined)?.[key] ?? {}) as Fields;
