import { isIP } from 'node:net';
import { registerDecorator } from 'class-validator';

/** What Fastify's `trustProxy` takes: which peers' `X-Forwarded-For` to believe. */
export type TrustProxySetting = string[] | ((address: string, hop: number) => boolean);

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

const entriesOf = (value: string): string[] => value.split(',').map((entry) => entry.trim()).filter(Boolean);

/**
 * TRUST_PROXY: a hop count (`1` = one proxy in front) or addresses / CIDRs of the proxies
 * (`10.0.0.0/8,127.0.0.1`, or proxy-addr's `loopback`, `linklocal`, `uniquelocal`).
 */
export function IsTrustProxy(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'TRUST_PROXY must be a hop count or comma-separated IP addresses / CIDR ranges' },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (/^\d{1,2}$/.test(value.trim()) || (entriesOf(value).length > 0 && entriesOf(value).every(isAddressOrRange))),
      },
    });
}

/**
 * The validated TRUST_PROXY as Fastify's `trustProxy`. A hop count trusts that many addresses from
 * the socket inwards, whoever the peer is (Fastify itself refuses a bare number for that reason): use
 * it only when the service is reachable through the proxies alone, as in docker-compose.yml.
 */
export function trustProxySetting(value: string | undefined): TrustProxySetting | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return entriesOf(value);
}
