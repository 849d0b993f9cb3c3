import { registerDecorator } from 'class-validator';
import { ORIGIN_ENTRY, vendorHostEntryProblem } from '../common/host-allowlist-entry.js';

/** Why a vendor API base URL is malformed, or undefined: http(s) without a path; VendorHostPolicy decides which hosts. */
function vendorBaseUrlShapeProblem(value: unknown, example: string): string | undefined {
  const expected = `must be ${example}, without a path`;
  if (typeof value !== 'string') return expected;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  return web && bare ? undefined : expected;
}

/** The property is a vendor API base URL shaped like `example` (e.g. `https://{organization}.gladly.com`). */
export function IsVendorBaseUrl(example: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isVendorBaseUrl',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => vendorBaseUrlShapeProblem(value, example) === undefined,
        defaultMessage: (args) => `${args?.property ?? 'baseUrl'} ${vendorBaseUrlShapeProblem(args?.value, example)}`,
      },
    });
}

/** Where a vendor's API is, as its docs say: `documented` for people, `hosts` as patterns (below). */
export interface VendorApiHosts {
  documented: string;
  hosts: readonly string[];
}

interface TrustedOrigin {
  protocol: string;
  hostname: string;
  /** Undefined: any port. */
  port?: string;
}


const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

function hostMatches(pattern: string, hostname: string): boolean {
  if (!pattern.startsWith('*.')) return hostname === pattern;
  const suffix = pattern.slice(1);
  const label = hostname.slice(0, -suffix.length);
  return hostname.endsWith(suffix) && label !== '' && !label.includes('.');
}

/**
 * Which hosts a vendor's API may be called on: https to the vendor's documented hosts, or to a host of
 * the allow-list (staging hosts), always at public addresses; or an origin the allow-list names
 * exactly (`http://127.0.0.1:<port>`: local fake vendors in tests), whatever its scheme and address.
 */
export class VendorHostPolicy {
  private readonly hosts: string[];
  private readonly origins: TrustedOrigin[] = [];

  constructor(
    private readonly documented: string,
    documentedHosts: readonly string[],
    allowlist: readonly string[] = [],
  ) {
    this.hosts = [...documentedHosts];
    for (const raw of allowlist) {
      const entry = raw.toLowerCase();
      const problem = vendorHostEntryProblem(entry);
      if (problem) throw new Error(`Invalid configuration:\n  - vendor host allow-list: ${problem}`);
      const origin = ORIGIN_ENTRY.exec(entry);
      if (!origin) this.hosts.push(entry);
      else this.origins.push({ protocol: `${origin[1]}:`, hostname: origin[2], port: origin[3] === '*' ? undefined : (origin[3] ?? DEFAULT_PORTS[`${origin[1]}:`]) });
    }
  }

  /** Why this base URL may not be called, or undefined. */
  problem(baseUrl: string): string | undefined {
    const url = new URL(baseUrl);
    if (this.trustsEveryAddressOf(url)) return undefined;
    if (url.protocol === 'https:' && this.hosts.some((pattern) => hostMatches(pattern, url.hostname))) return undefined;
    return `must be ${this.documented} (https), or a host of the vendor host allow-list`;
  }

  /** True only for an origin the allow-list names exactly: its addresses are not checked. */
  trustsEveryAddressOf(url: URL): boolean {
    const port = url.port || DEFAULT_PORTS[url.protocol];
    return this.origins.some((origin) => origin.protocol === url.protocol && origin.hostname === url.hostname && (origin.port === undefined || origin.port === port));
  }
}
