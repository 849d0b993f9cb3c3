/**
 * Waits until `condition` holds, checking it again every `intervalMs`: for a state another process, a
 * socket or a notification brings about. Fails with `what` after `timeoutMs`, a limit far beyond the
 * expected wait (it ends a hung test, it is not a speed bound).
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (performance.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
