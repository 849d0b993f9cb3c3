import { existsSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface EventLoopStalls {
  /** Longest wall-clock delay of a 5 ms timer (perf_hooks monitorEventLoopDelay), in ms. */
  longestDelayMs: number;
  /** Most CPU time this process spent between two consecutive turns of a 1 ms timer, in ms. */
  longestCpuTurnMs: number;
  /** The same, less the garbage-collection pauses within that turn: what code held the loop for. */
  longestCpuTurnWithoutGcMs: number;
  /**
   * The same as `longestCpuTurnWithoutGcMs` for the main thread alone (Linux: its schedstat), so the
   * garbage collector's and the thread pool's other threads do not count; null where it cannot be read.
   */
  longestMainThreadTurnWithoutGcMs: number | null;
  /** Longest garbage-collection pause meanwhile, in ms: a stall no request's code caused. */
  longestGcMs: number;
  /** When the longest turn (main thread where known, less GC) began, in ms after the watch did: which part of the work held it. */
  longestTurnStartedAfterMs: number;
  /** How long the watch lasted, in ms. */
  watchedMs: number;
}

/** CPU time of this process's main thread in ms (its schedstat's first field is nanoseconds on a CPU). */
const MAIN_THREAD_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
const mainThreadCpuMs = existsSync(MAIN_THREAD_SCHEDSTAT)
  ? (): number => Number(readFileSync(MAIN_THREAD_SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6
  : null;

interface Span {
  start: number;
  end: number;
}

/**
 * Watches this process's event loop while `work` runs. The wall-clock delay is what a caller waits, but on
 * a machine whose cores are shared it also counts time the OS gave to other processes; the CPU time this
 * process spent between two timer turns is what one synchronous piece of work held the loop for (an upper
 * bound: it includes the garbage collector, whose pauses grow with the heap a test worker has built up,
 * and are reported apart).
 */
export async function watchEventLoop(work: () => Promise<void>): Promise<EventLoopStalls> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const gcPauses: Span[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const longTurns: Array<Span & { cpuMs: number; mainThreadMs: number }> = [];
  const startedAt = performance.now();
  let last = { cpu: process.cpuUsage(), mainThread: mainThreadCpuMs?.() ?? 0, at: startedAt };
  let watching = true;
  const tick = (): void => {
    const now = { cpu: process.cpuUsage(), mainThread: mainThreadCpuMs?.() ?? 0, at: performance.now() };
    const cpuMs = (now.cpu.user - last.cpu.user + (now.cpu.system - last.cpu.system)) / 1000;
    if (cpuMs > 5) longTurns.push({ start: last.at, end: now.at, cpuMs, mainThreadMs: now.mainThread - last.mainThread });
    last = now;
    if (watching) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  let endedAt = startedAt;
  try {
    await work();
  } finally {
    endedAt = performance.now();
    watching = false;
    histogram.disable();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the observer's last entries
    gc.disconnect();
  }
  const gcWithin = ({ start, end }: Span): number =>
    gcPauses.reduce((total, pause) => total + Math.max(0, Math.min(end, pause.end) - Math.max(start, pause.start)), 0);
  const heldFor = (turn: (typeof longTurns)[number]): number => (mainThreadCpuMs ? turn.mainThreadMs : turn.cpuMs) - gcWithin(turn);
  const longest = longTurns.reduce<(typeof longTurns)[number] | undefined>((held, turn) => (held && heldFor(held) >= heldFor(turn) ? held : turn), undefined);
  return {
    longestDelayMs: histogram.max / 1e6,
    longestCpuTurnMs: Math.max(0, ...longTurns.map((turn) => turn.cpuMs)),
    longestCpuTurnWithoutGcMs: Math.max(0, ...longTurns.map((turn) => turn.cpuMs - gcWithin(turn))),
    longestMainThreadTurnWithoutGcMs: mainThreadCpuMs ? Math.max(0, ...longTurns.map(heldFor)) : null,
    longestGcMs: Math.max(0, ...gcPauses.map((pause) => pause.end - pause.start)),
    longestTurnStartedAfterMs: longest ? longest.start - startedAt : 0,
    watchedMs: endedAt - startedAt,
  };
}
