// What the local stand-ins of the JWT vendors share; each vendor's own rules, written from its
// documentation (never from our code), are in its folder (src/vendors/<id>/<id>.fake.ts).
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

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

export const refused = (reason: string): Verdict => ({ accepted: false, reason });

/** The token's header when it is a JWT signed with the vendor's one algorithm; else the refusal. */
export function headerSignedWith(token: string, alg: 'HS256' | 'RS256'): Record<string, unknown> | Verdict {
  let header: Record<string, unknown>;
  try {
    header = { ...decodeProtectedHeader(token) };
  } catch {
    return refused('not a JWT');
  }
  return header.alg === alg ? header : refused(`alg ${String(header.alg)}`);
}

export const isVerdict = (value: Record<string, unknown> | Verdict): value is Verdict => value.accepted === false;

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

/** An HS256 JWT checked as any JWT library checks it (signature, exp) at `nowMs`: its claims and expiry. */
export async function verifyHs256(token: unknown, secret: string, nowMs: number): Promise<{ claims: JWTPayload & Record<string, unknown>; expiresAtMs?: number }> {
  if (typeof token !== 'string') throw new Error('no token handed over');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(nowMs) });
  return { claims: payload as JWTPayload & Record<string, unknown>, expiresAtMs: payload.exp === undefined ? undefined : payload.exp * 1000 };
}

/** A fake's verdict as its widget shows it: the claims of an accepted token, or the refusal as an error. */
export function acceptedClaims(verdict: Verdict): JWTPayload & Record<string, unknown> {
  if (!verdict.accepted || !verdict.claims) throw new Error(`refused: ${verdict.reason ?? 'no claims'}`);
  return verdict.claims;
}
