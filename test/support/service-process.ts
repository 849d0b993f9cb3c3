import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/database/tcp-port.js';

/** The built standalone service (`npm test` builds it first) as a real child process on a free loopback port. */
export interface ServiceProcess {
  baseUrl: string;
  pid: number;
  /** Null while it runs. */
  exitCode(): number | null;
  /** The last lines it wrote (stdout and stderr), to explain a failure. */
  output(): string;
  /** Calls `listener` with every line it writes from now on (stdout and stderr). */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<number | null>;
}

const KEPT_OUTPUT_LINES = 200;

/** Resolves once it answers `GET /health` (liveness, not readiness): within `timeoutMs`, or throws with its output. */
export async function startServiceProcess(environment: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    env: { PATH: process.env.PATH, ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  const keep = (line: string): void => {
    if (!line) return;
    for (const listener of listeners) listener(line);
    lines.push(line);
    lines.splice(0, Math.max(0, lines.length - KEPT_OUTPUT_LINES));
  };
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', keep);
  const service: ServiceProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    exitCode: () => child.exitCode,
    output: () => lines.join('\n'),
    onLine: (listener) => listeners.push(listener),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${service.output()}`);
    const live = await fetch(`${service.baseUrl}/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
    if (live) return service;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await service.stop();
  throw new Error(`the service did not answer within ${timeoutMs} ms:\n${service.output()}`);
}
