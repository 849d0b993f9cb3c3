// 200,000 distinct users through the users cache a token request fills (ReadThroughCache with the module's
// default bound, 100,000), in-process: the entries it holds after, and the heap and RSS of the process.
// Run as a child of bench/run.
import { randomUUID } from 'node:crypto';
import { ReadThroughCache } from '../src/common/read-through-cache.js';
import type { StableUser } from '../src/users/user-profile.js';

export interface CacheBoundResult {
  users: number;
  maxUsers: number;
  userEntries: number;
  heapUsedMiB: number;
  rssMiB: number;
}

const USERS = 200_000;
const MAX_USERS = 100_000;
const cache = new ReadThroughCache<string, StableUser>('users', { ttlMs: 300_000, maxEntries: MAX_USERS, staleWindowMs: 300_000, loadTimeoutMs: 2000 });

for (let n = 0; n < USERS; n += 1) {
  const externalId = `bound-${n}`;
  const createdAt = new Date();
  await cache.get(externalId, () =>
    Promise.resolve({ userId: randomUUID(), externalId, email: `${externalId}@example.com`, name: `User ${n}`, phone: null, createdAt, updatedAt: createdAt }),
  );
}
const result: CacheBoundResult = {
  users: USERS,
  maxUsers: MAX_USERS,
  userEntries: cache.staleness().entries,
  heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  rssMiB: process.memoryUsage().rss / 2 ** 20,
};
process.send?.(result);
