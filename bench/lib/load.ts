import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/** The same load settings for every server: only the URL and the requests' tokens differ. */
export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

/** One measured run. Latencies in ms. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  /** CPU time (user + system, all threads) the server process spent per request. */
  cpuMicrosPerRequest: number;
  /** CPU the rest of the machine used meanwhile (neither the server nor this load generator; Postgres on the first-time-user run), in % of one CPU. */
  otherCpuPercent: number;
  /** CPU time the hypervisor gave to other guests meanwhile, in % of one CPU: a busy neighbour on the host shows here. */
  stealPercent: number;
  /** Non-2xx answers, socket errors and timeouts: anything but 0 makes the run suspect. */
  failures: number;
}

/** A token request as every server receives it: same method, headers and body. */
export function tokenRequest(path: string, bearerToken: string): autocannon.Request {
  return {
    method: 'POST',
    path,
    headers: { authorization: `Bearer ${bearerToken}`, 'content-type': 'application/json' },
    body: '{}',
  };
}

/**
 * Drives `url` with `requests` for a warm-up (not counted), then for the measured duration. With a
 * fixed list, each connection walks it from its own offset, so connections do not move in lockstep.
 */
export async function drive(url: string, pid: number, settings: LoadSettings, requests: autocannon.Request[]): Promise<LoadResult> {
  const run = (duration: number): Promise<autocannon.Result> => {
    let connection = 0;
    const setupClient = (client: autocannon.Client): void => {
      const offset = Math.floor((connection++ * requests.length) / settings.connections) % requests.length;
      client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)].map((request) => ({ ...request })));
    };
    return autocannon({ url, connections: settings.connections, timeout: 10, duration, setupClient });
  };
  if (settings.warmupSeconds > 0) await run(settings.warmupSeconds);
  const [cpuBefore, machineBefore, selfBefore] = [cpuSeconds(pid), machineSeconds(), process.cpuUsage()];
  const result = await run(settings.seconds);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const machine = machineSeconds();
  const self = process.cpuUsage(selfBefore);
  const others = machine.busy - machineBefore.busy - cpu - (self.user + self.system) / 1e6;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    cpuMicrosPerRequest: (cpu * 1e6) / result.requests.total,
    otherCpuPercent: Math.max(0, (100 * others) / result.duration),
    stealPercent: (100 * (machine.steal - machineBefore.steal)) / result.duration,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** A server to drive with its requests, for driveInTurns. */
export interface Target {
  url: string;
  pid: number;
  requests: autocannon.Request[];
}

/**
 * Drives each target in turn, `rounds` times, a `settings.seconds / rounds` slice each (the warm-up in
 * the first round only). This machine's speed drifts by up to 2x over a minute (two vCPUs that share
 * a host with other guests), so servers measured one after another can meet different machines;
 * taken in turns, each ratio is one of servers that met the same one. Returns each target's slices.
 */
export async function driveInTurns(targets: Target[], settings: LoadSettings, rounds: number): Promise<LoadResult[][]> {
  const slices: LoadResult[][] = targets.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    const slice: LoadSettings = { ...settings, warmupSeconds: round === 0 ? settings.warmupSeconds : 0, seconds: settings.seconds / rounds };
    for (const [index, target] of targets.entries()) slices[index].push(await drive(target.url, target.pid, slice, target.requests));
  }
  return slices;
}

/** One result for a target's slices: their requests over their time, CPU per request over all of them, the median slice's latencies. */
export function combined(slices: LoadResult[]): LoadResult {
  const total = slices.reduce((sum, slice) => sum + slice.total, 0);
  const seconds = slices.reduce((sum, slice) => sum + slice.total / slice.requestsPerSecond, 0);
  const mean = (pick: (slice: LoadResult) => number): number => slices.reduce((sum, slice) => sum + pick(slice), 0) / slices.length;
  return {
    requestsPerSecond: total / seconds,
    p50: median(slices.map((slice) => slice.p50)),
    p99: median(slices.map((slice) => slice.p99)),
    total,
    cpuMicrosPerRequest: slices.reduce((sum, slice) => sum + slice.cpuMicrosPerRequest * slice.total, 0) / total,
    otherCpuPercent: mean((slice) => slice.otherCpuPercent),
    stealPercent: mean((slice) => slice.stealPercent),
    failures: slices.reduce((sum, slice) => sum + slice.failures, 0),
  };
}

/** Round by round, `measured`'s req/s over `ceiling`'s: the ratio each time both met the same machine. */
export const ratiosByRound = (measured: LoadResult[], ceiling: LoadResult[]): number[] =>
  measured.map((slice, round) => slice.requestsPerSecond / ceiling[round].requestsPerSecond);

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat, in USER_HZ = 100 ticks/s on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy (user, nice, system, irq, softirq) and stolen time of the whole machine, in seconds (first line of /proc/stat). */
export function machineSeconds(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
}
