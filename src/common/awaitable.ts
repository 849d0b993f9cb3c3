/** A value, or a promise of one: what a step returns when it answers at once in the common case. */
export type Awaitable<T> = T | PromiseLike<T>;

export const isThenable = <T>(value: Awaitable<T>): value is PromiseLike<T> => typeof (value as PromiseLike<T> | undefined)?.then === 'function';

/** `next` of `value` once it is there: at once for a plain value (no microtask), after it for a promise. */
export function whenDone<T, R>(value: Awaitable<T>, next: (value: T) => R): R | Promise<R> {
  return isThenable(value) ? Promise.resolve(value).then(next) : next(value);
}
