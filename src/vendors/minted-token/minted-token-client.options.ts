import { setTimeout as sleep } from 'node:timers/promises';
/** How hard a vendor-minted token is fetched before answering 503. */
export interface MintedTokenClientOptions {
  /** Time allowed to one HTTP attempt. @default 5000 */
  timeoutMs: number;
  /** Attempts per mint, the first included. @default 3 */
  maxAttempts: number;
  /** First wait when the vendor sends no Retry-After; doubled at each retry, with jitter. @default 250 */
  backoffBaseMs: number;
  /** Cap on one mint, waits included: an end user is waiting for the widget. @default 10000 */
  totalBudgetMs: number;
  /** A cached token is minted anew this long before it expires. @default 60 */
  refreshMarginSeconds: number;
  /** Per vendor strategy. @default 10000 */
  maxCachedTokens: number;
  /** The clock budgets, Retry-After dates and cached tokens' expiry are read from, in epoch ms. @default Date.now */
  now: () => number;
  /** How the client waits between attempts. @default a timer */
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_MINTED_TOKEN_CLIENT_OPTIONS: MintedTokenClientOptions = {
  timeoutMs: 5000,
  maxAttempts: 3,
  backoffBaseMs: 250,
  totalBudgetMs: 10_000,
  refreshMarginSeconds: 60,
  maxCachedTokens: 10_000,
  now: () => Date.now(),
  sleep: (ms) => sleep(ms),
};
