/** Told of every error answer ProblemDetailsFilter sends; the metrics implement it, the kernel knows only this. */
export interface ProblemObserver {
  /** `route` is the matched route's pattern (routePatternOf), never the URL. */
  refused(status: number, route: string): void;
}

export const PROBLEM_OBSERVER = Symbol('CHAT_IDENTITY_PROBLEM_OBSERVER');
