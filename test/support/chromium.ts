import { type Browser, chromium, type Page } from 'playwright-core';
import { waitFor } from './eventually.js';

/** Debian's headless Chromium (CHROMIUM_PATH to use another), with the project's standard flags. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

/** `POST` as the test admin; throws unless `201`. */
export async function adminCreate(baseUrl: string, adminKey: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

/**
 * Waits until `expression` is truthy in `page`. Not page.waitForFunction(string): once its first check is
 * false it polls with the page's own eval, which a page under a strict CSP (no 'unsafe-eval', as the
 * console's) refuses with an EvalError; page.evaluate goes through DevTools, which the CSP does not govern.
 */
export const waitUntilInPage = (page: Page, expression: string): Promise<void> =>
  waitFor(`${expression} in the page`, async () => Boolean(await page.evaluate(expression)), { timeoutMs: 30_000 });

/**
 * Closes each of `steps` in turn, each given `eachMs`; fails naming every one that did not finish, after
 * trying the rest, so that a teardown which hangs says what hung instead of only passing a hook's timeout.
 */
export async function closeInTurn(steps: Array<[string, (() => Promise<unknown>) | undefined]>, eachMs = 30_000): Promise<void> {
  const hung: string[] = [];
  for (const [what, close] of steps) {
    if (close === undefined) continue;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), eachMs)));
    const outcome = await Promise.race([close().then(() => 'closed' as const, (error: unknown) => `failed: ${String(error)}`), timedOut]);
    clearTimeout(timer);
    if (outcome !== 'closed') hung.push(`${what}: ${outcome === 'timed out' ? `not closed within ${eachMs} ms` : outcome}`);
  }
  if (hung.length > 0) throw new Error(`teardown: ${hung.join('; ')}`);
}
