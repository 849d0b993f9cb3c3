/** Told of every error answer ProblemDetailsFilter sends; the metrics implement it, the kernel knows only this. */
export interface ProblemObserver {
  refused(status: number): void;
}

export const PROBLEM_OBSERVER = Symbol('CHAT_IDENTITY_PROBLEM_OBSERVER');
