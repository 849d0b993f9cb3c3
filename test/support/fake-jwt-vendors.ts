// Local stand-ins for the JWT vendors we cannot reach, each written from the vendor's documented rules
// (never from our code): what their servers check before they accept a widget login.
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify, type JWTPayload } from 'jose';

export interface Verdict {
  accepted: boolean;
  /** Why it was refused, as the vendor's server would log it. */
  reason?: string;
  header?: Record<string, unknown>;
  claims?: JWTPayload & Record<string, unknown>;
}

export interface FakeVerifier {
  verify(token: string): Promise<Verdict>;
}

const refused = (reason: string): Verdict => ({ accepted: false, reason });

/** The token's header when it is a JWT signed with the vendor's one algorithm; else the refusal. */
function headerSignedWith(token: string, alg: 'HS256' | 'RS256'): Record<string, unknown> | Verdict {
  let header: Record<string, unknown>;
  try {
    header = { ...decodeProtectedHeader(token) };
  } catch {
    return refused('not a JWT');
  }
  return header.alg === alg ? header : refused(`alg ${String(header.alg)}`);
}

const isVerdict = (value: Record<string, unknown> | Verdict): value is Verdict => value.accepted === false;

/** Shared-secret vendors: the keys their admin console holds right now (Zendesk: by kid; the others: one, two while switching). */
export class FakeHs256Vendor implements FakeVerifier {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly rules: (header: Record<string, unknown>, claims: JWTPayload & Record<string, unknown>, nowSeconds: number) => string | undefined,
    /** Zendesk picks the key named by the header's kid; the others try the secret they hold. */
    private readonly picksKeyByKid = false,
  ) {}

  /** The vendor's console now holds this secret, under its key id (or a label for vendors without ids). */
  register(id: string, secret: string): void {
    this.keys.set(id, secret);
  }

  /** The key is deleted at the vendor. */
  remove(id: string): void {
    this.keys.delete(id);
  }

  async verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<Verdict> {
    const header = headerSignedWith(token, 'HS256');
    if (isVerdict(header)) return header;
    let candidates: string[];
    if (this.picksKeyByKid) {
      if (typeof header.kid !== 'string') return refused('no kid');
      const secret = this.keys.get(header.kid);
      if (secret === undefined) return refused(`unknown kid ${header.kid}`);
      candidates = [secret];
    } else {
      candidates = [...this.keys.values()];
    }
    for (const secret of candidates) {
      try {
        // Signature (and exp, when present) as any JWT library checks them.
        const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(nowSeconds * 1000) });
        const claims = payload as JWTPayload & Record<string, unknown>;
        const broken = this.rules(header, claims, nowSeconds);
        return broken === undefined ? { accepted: true, header, claims } : refused(broken);
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') return refused('expired');
      }
    }
    return refused('signature');
  }
}

/** Intercom: user_id is required (tokens without it are rejected); exp honoured. */
export const fakeIntercom = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims) => (typeof claims.user_id === 'string' && claims.user_id !== '' ? undefined : 'no user_id'));

/** Zendesk messaging: the key chosen by kid; scope "user"; external_id a string of at most 255; email_verified a boolean. */
export const fakeZendesk = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims) => {
    if (claims.scope !== 'user') return 'scope';
    if (typeof claims.external_id !== 'string' || claims.external_id === '' || claims.external_id.length > 255) return 'external_id';
    if (claims.email_verified !== undefined && typeof claims.email_verified !== 'boolean') return 'email_verified';
    return undefined;
  }, true);

/** Kustomer: externalId or email; iat present and less than 15 minutes old. */
export const fakeKustomer = (): FakeHs256Vendor =>
  new FakeHs256Vendor((_header, claims, nowSeconds) => {
    if (typeof claims.externalId !== 'string' && typeof claims.email !== 'string') return 'no identity';
    if (typeof claims.iat !== 'number') return 'no iat';
    if (claims.iat > nowSeconds + 60 || nowSeconds - claims.iat >= 15 * 60) return 'iat too old';
    return undefined;
  });

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

  async verify(token: string): Promise<Verdict> {
    const header = headerSignedWith(token, 'RS256');
    if (isVerdict(header)) return header;
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await this.keySet()), { algorithms: ['RS256'], issuer: this.issuer });
      if (typeof payload.sub !== 'string' || payload.sub === '') return refused('no sub');
      return { accepted: true, header, claims: payload as JWTPayload & Record<string, unknown> };
    } catch (error) {
      return refused((error as { code?: string }).code ?? String(error));
    }
  }
}
