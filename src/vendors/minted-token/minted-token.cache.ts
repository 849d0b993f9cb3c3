/** A token a vendor's API minted for one user, and when the vendor stops accepting it. */
export interface MintedIdentityToken {
  token: string;
  expiresAt: Date;
}

/** What a minted token belongs to: another integration, secret version or vendor request never reuses it. */
export interface MintScope {
  integrationId: string;
  secretVersion: number;
  userId: string;
  /** Everything else the vendor's answer depends on (base URL, the identity sent, ...). */
  request: readonly unknown[];
}

interface Owner {
  integrationId: string;
  userId: string;
}

interface CachedToken extends Owner {
  minted: MintedIdentityToken;
  refreshAt: number;
}

interface InFlightMint extends Owner {
  promise: Promise<MintedIdentityToken>;
}

/**
 * Minted tokens per scope until `refreshMarginSeconds` before they expire, with one upstream call
 * shared by concurrent first requests. Forgetting a user or an integration also disowns mints in
 * flight, so a token requested before an erasure or a rotation is never cached after it.
 */
export class MintedTokenCache {
  private readonly cache = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, InFlightMint>();

  constructor(
    private readonly refreshMarginSeconds: number,
    private readonly maxEntries: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(scope: MintScope, mint: () => Promise<MintedIdentityToken>): Promise<MintedIdentityToken> {
    const key = JSON.stringify([scope.integrationId, scope.secretVersion, scope.userId, ...scope.request]);
    const cached = this.cache.get(key);
    if (cached && cached.refreshAt > this.now()) return Promise.resolve(cached.minted);
    this.cache.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending.promise;
    const owner: Owner = { integrationId: scope.integrationId, userId: scope.userId };
    const promise = mint()
      .then((minted) => {
        if (this.inFlight.get(key)?.promise === promise) this.remember(key, owner, minted);
        return minted;
      })
      .finally(() => {
        if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
      });
    this.inFlight.set(key, { ...owner, promise });
    return promise;
  }

  forgetUser(userId: string): void {
    this.forget((owner) => owner.userId === userId);
  }

  forgetIntegration(integrationId: string): void {
    this.forget((owner) => owner.integrationId === integrationId);
  }

  private forget(matches: (owner: Owner) => boolean): void {
    for (const [key, entry] of this.cache) if (matches(entry)) this.cache.delete(key);
    for (const [key, entry] of this.inFlight) if (matches(entry)) this.inFlight.delete(key);
  }

  private remember(key: string, owner: Owner, minted: MintedIdentityToken): void {
    const refreshAt = minted.expiresAt.getTime() - this.refreshMarginSeconds * 1000;
    if (refreshAt <= this.now()) return;
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(key, { ...owner, minted, refreshAt });
  }
}
