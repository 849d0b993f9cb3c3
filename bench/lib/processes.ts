import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ListeningMessage } from './child.js';

/** A child process of the bench, with what the bench needs to drive and measure it. */
export interface Child {
  process: ChildProcess;
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s); resolves when it has exited. */
  stop(): Promise<void>;
}

export interface ServerChild extends Child {
  url: string;
}

const running = new Set<Child>();

/** Every child still running; the bench stops them all on its way out, whatever happened. */
export function stopAll(): Promise<void> {
  return Promise.all([...running].map((child) => child.stop())).then(() => undefined);
}

interface ForkOptions {
  env?: NodeJS.ProcessEnv;
  /** File descriptor the child's stdout goes to (its log); else ignored. */
  stdoutFd?: number;
  execArgv?: string[];
}

function start(file: URL, options: ForkOptions): Child {
  const child = fork(file, [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    stdio: ['ignore', options.stdoutFd ?? 'ignore', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${file.pathname}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const handle: Child = {
    process: child,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(handle);
    },
  };
  running.add(handle);
  child.once('exit', () => running.delete(handle));
  return handle;
}

/** Forks a server file of bench/servers and waits (at most 60 s) until it listens on loopback. */
export async function startServer(file: URL, options: ForkOptions = {}): Promise<ServerChild> {
  const child = start(file, options);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file.pathname} did not listen within 60 s`)), 60_000);
    child.process.once('message', (message: ListeningMessage) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file.pathname} exited (${code}) before listening`));
    });
  });
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/** Forks a file that sends one result message and exits; waits for that message (at most `timeoutMs`). */
export async function runForResult<T>(file: URL, timeoutMs: number): Promise<T> {
  const child = start(file, {});
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${file.pathname} gave no result within ${timeoutMs} ms`)), timeoutMs);
      child.process.once('message', (message: T) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.process.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${file.pathname} exited (${code}) without a result`));
      });
    });
  } finally {
    await child.stop();
  }
}

/** Peak resident set size of a running process so far, in MiB (VmHWM of /proc/<pid>/status). */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}
