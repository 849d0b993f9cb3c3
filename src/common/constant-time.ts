import { createHash, timingSafeEqual } from 'node:crypto';

/** True when `candidate` equals one of `allowed`; hashing first makes the comparison length-independent. */
export function matchesOneOf(candidate: string, allowed: readonly string[]): boolean {
  const digest = createHash('sha256').update(candidate).digest();
  let matched = false;
  for (const key of allowed) {
    matched = timingSafeEqual(digest, createHash('sha256').update(key).digest()) || matched;
  }
  return matched;
}
