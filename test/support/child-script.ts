import { type ChildProcess, execFile, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let compiled: Promise<unknown> | undefined;

/**
 * Runs a module of test/support in a process of its own, so that its work does not share the test
 * process's event loop. The module is compiled as the build compiles src (swc, into dist/test/support;
 * its imports of src resolve to the build `npm test` made first). It talks over the IPC channel.
 */
export async function startChildScript(name: string): Promise<ChildProcess> {
  compiled ??= promisify(execFile)(`${ROOT}node_modules/.bin/swc`, ['test/support', '-d', 'dist', '--config-file', '.swcrc', '--quiet'], { cwd: ROOT });
  await compiled;
  const child = fork(`${ROOT}dist/test/support/${name}.js`, { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}

/** Sends `message` to the child and resolves with its next message (rejects if it exits first). */
export function exchange<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // On the IPC channel's end, not the process's exit: a child that answers and exits at once may be
    // reported as exited before its last message is read, while the channel ends only after it.
    const exited = (): void => reject(new Error(`the child (exit code ${child.exitCode}) closed its channel before it answered`));
    child.once('disconnect', exited);
    child.once('message', (answer) => {
      child.off('disconnect', exited);
      resolve(answer as T);
    });
    child.send(message as object);
  });
}
