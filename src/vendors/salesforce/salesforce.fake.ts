// Test-only: Salesforce's check of an identity token, written from its documentation (never from our code).
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify, type JWTPayload } from 'jose';
import { type FakeVerifier, headerSignedWith, isVerdict, refused, type Verdict } from '../../../test/support/fake-jwt-vendors.js';

/**
 * Salesforce Messaging for Web: RS256 only, the key picked by kid from the keyset it fetches from the
 * endpoint URL we host, iss equal to the keyset's issuer, a sub. Fetches the keyset on every login, as
 * after a cache expiry, so a key dropped from it is refused at once.
 */
export class FakeSalesforce implements FakeVerifier {
  fetches = 0;

  constructor(
    private readonly jwksUrl: string,
    private readonly issuer: string,
  ) {}

  async keySet(): Promise<JSONWebKeySet> {
    this.fetches += 1;
    const response = await fetch(this.jwksUrl);
    if (!response.ok) throw new Error(`keyset endpoint answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  }

  async verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<Verdict> {
    const header = headerSignedWith(token, 'RS256');
    if (isVerdict(header)) return header;
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await this.keySet()), {
        algorithms: ['RS256'],
        issuer: this.issuer,
        currentDate: new Date(nowSeconds * 1000),
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return refused('no sub');
      return { accepted: true, header, claims: payload as JWTPayload & Record<string, unknown> };
    } catch (error) {
      return refused((error as { code?: string }).code ?? String(error));
    }
  }
}
