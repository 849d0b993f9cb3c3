import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built console, as `npm run build:console` leaves it in dist/console. */
export interface ConsoleFiles {
  /** The page, with `%BASE%` where the console's own path goes and `%API%` where the admin API's prefix goes. */
  page: string;
  script: string;
  style: string;
}

/**
 * dist/console: two folders above this file in the build (dist/src/console), and in dist/ of the
 * checkout when the sources run (the tests run the build `npm test` made first).
 */
const CANDIDATES = [new URL('../../console/', import.meta.url), new URL('../../dist/console/', import.meta.url)].map((url) => fileURLToPath(url));

/** Reads the built console once, at start-up; without a build the module cannot serve it, and says so. */
export function readConsoleFiles(): ConsoleFiles {
  const directory = CANDIDATES.find((candidate) => existsSync(`${candidate}index.html`));
  if (!directory) throw new Error(`The console is not built: no index.html in ${CANDIDATES.join(' or ')} (npm run build:console), or set console: false`);
  const read = (name: string): string => readFileSync(`${directory}${name}`, 'utf8');
  return { page: read('index.html'), script: read('console.js'), style: read('console.css') };
}
