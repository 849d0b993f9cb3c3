import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type IncomingMessage, request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { VendorHostPolicy } from '../vendor-base-url.js';
import { isPublicAddress } from './public-address.js';

/** Vendor answers are a token or an error: anything longer is not one of them. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** The vendor's host is not one chat-identity may call, or resolves to an address it may not reach. */
export class RefusedVendorAddress extends Error {
  override readonly name = 'RefusedVendorAddress';
}

/**
 * The HTTP client for vendor APIs when the host gives none: a fetch that calls only what the policy
 * allows and connects only to the addresses it checked. The host name is resolved once, every
 * address it resolves to must be public, and the connection goes to those same addresses (the
 * check happens in the socket's own lookup, so a second, rebound DNS answer is never used).
 * Redirects are never followed: a 3xx is the answer.
 */
export function vendorFetch(policy: VendorHostPolicy): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const refusal = policy.problem(url.origin);
    if (refusal) throw new RefusedVendorAddress(`${url.origin}: the base URL ${refusal}`);
    const checked = policy.trustsEveryAddressOf(url);
    if (!checked && isIP(hostnameOf(url)) && !isPublicAddress(hostnameOf(url))) {
      throw new RefusedVendorAddress(`${url.origin} is not a public address`);
    }
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const options: RequestOptions = {
      method: request.method,
      headers: Object.fromEntries(request.headers),
      signal: request.signal,
      ...(checked ? {} : { lookup: publicAddressesOnly }),
    };
    const answer = await exchange(url, options, body);
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: headersOf(answer.headers),
    });
  };
}

/** The bare host of a URL (IPv6 literals without their brackets). */
const hostnameOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** A socket lookup that answers only when every address of the host is public. */
const publicAddressesOnly: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find(({ address }) => !isPublicAddress(address));
    if (refused) return callback(new RefusedVendorAddress(`${hostname} resolves to ${refused.address}, not a public address`), '', 0);
    if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

interface Answer {
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function exchange(url: URL, options: RequestOptions, body: Buffer | undefined): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, options, (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      response.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > MAX_ANSWER_BYTES) return response.destroy(new Error(`the answer is longer than ${MAX_ANSWER_BYTES} bytes`));
        chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function headersOf(incoming: IncomingMessage['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}
