/**
 * A clock that moves only when a test says so: `now` for code that reads the time, `sleep` for code that
 * waits. A sleeper wakes when `advance` reaches its wake-up time, so a test can first wait for every
 * sleeper to be asleep (`sleeping`) and then move time on, whatever the machine's load.
 */
export class ManualClock {
  private time: number;
  private sleepers: Array<{ wakeAt: number; wake: () => void }> = [];

  constructor(start = Date.now()) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> => {
    if (ms <= 0) return Promise.resolve();
    return new Promise((wake) => this.sleepers.push({ wakeAt: this.time + ms, wake }));
  };

  /** How many callers of `sleep` are waiting. */
  get sleeping(): number {
    return this.sleepers.length;
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((sleeper) => sleeper.wakeAt <= this.time);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.wakeAt > this.time);
    for (const sleeper of due) sleeper.wake();
  }
}
