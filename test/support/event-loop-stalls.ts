import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface EventLoopStalls {
  /** Longest wall-clock delay of a 5 ms timer (perf_hooks monitorEventLoopDelay), in ms. */
  longestDelayMs: number;
  /** Most CPU time this process spent between two consecutive turns of a 1 ms timer, in ms. */
  longestCpuTurnMs: number;
  /** Longest garbage-collection pause meanwhile, in ms: a stall no request's code caused. */
  longestGcMs: number;
}

/**
 * Watches this process's event loop while `work` runs. The wall-clock delay is what a caller waits, but on
 * a machine whose cores are shared it also counts time the OS gave to other processes; the CPU time this
 * process spent between two timer turns is what one synchronous piece of work held the loop for (an upper
 * bound: it includes the garbage collector's helper threads).
 */
export async function watchEventLoop(work: () => Promise<void>): Promise<EventLoopStalls> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let longestCpuTurnUs = 0;
  let last = process.cpuUsage();
  let watching = true;
  let longestGcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  const tick = (): void => {
    const now = process.cpuUsage();
    longestCpuTurnUs = Math.max(longestCpuTurnUs, now.user - last.user + (now.system - last.system));
    last = now;
    if (watching) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  try {
    await work();
  } finally {
    watching = false;
    histogram.disable();
    gc.disconnect();
  }
  return { longestDelayMs: histogram.max / 1e6, longestCpuTurnMs: longestCpuTurnUs / 1000, longestGcMs };
}
