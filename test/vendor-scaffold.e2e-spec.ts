// The proof that a vendor is one folder and its catalog lines: in a scratch copy of the repository,
// src/vendors/kustomer is copied to src/vendors/acme with every name changed (Kustomer -> Acme), the
// catalogs get their line each, and then the typecheck and acme's own tests pass: the verifier
// contract and the OpenAPI document (vendor-contract), the browser hand-off in Chromium
// (browser-library) and the catalog's rules (vendor-catalog.spec). Nothing outside the folder is edited.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('..', import.meta.url));
/** Not copied: built output, installed packages (linked instead), local data and history. */
const LEFT_OUT = new Set(['node_modules', 'dist', '.data', '.git', 'coverage']);

const renamed = (text: string): string => text.replaceAll('Kustomer', 'Acme').replaceAll('kustomer', 'acme').replaceAll('KUSTOMER', 'ACME');

/** Replaces the one occurrence of `anchor` in `path` by `replacement`; anything else is an error (the catalog changed shape). */
function editOnce(path: string, anchor: string, replacement: string): void {
  const text = readFileSync(path, 'utf8');
  if (text.split(anchor).length !== 2) throw new Error(`${path} does not contain "${anchor}" exactly once`);
  writeFileSync(path, text.replace(anchor, replacement));
}

/** The environment of a command run in the copy: this run's, without what ties it to the Jest run around it. */
function commandEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('JEST_') && name !== 'TEST_DATABASE_URL'));
}

describe('a new vendor from a copy of the Kustomer folder and its catalog lines', () => {
  let scratch = '';

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'chat-identity-scaffold-'));
    for (const entry of readdirSync(repository)) {
      if (!LEFT_OUT.has(entry)) cpSync(join(repository, entry), join(scratch, entry), { recursive: true });
    }
    symlinkSync(join(repository, 'node_modules'), join(scratch, 'node_modules'), 'dir');

    const folder = join(scratch, 'src/vendors/acme');
    cpSync(join(scratch, 'src/vendors/kustomer'), folder, { recursive: true });
    for (const file of readdirSync(folder)) {
      writeFileSync(join(folder, file), renamed(readFileSync(join(folder, file), 'utf8')));
      renameSync(join(folder, file), join(folder, renamed(file)));
    }
    const catalog = join(scratch, 'src/vendors/vendor-catalog.ts');
    editOnce(catalog, "import { ChatwootStrategy }", "import { AcmeStrategy } from './acme/acme.strategy.js';\nimport { ChatwootStrategy }");
    editOnce(catalog, '  SalesforceStrategy,\n]', '  SalesforceStrategy,\n  AcmeStrategy,\n]');
    const widgets = join(scratch, 'src/browser/vendor-widgets.ts');
    editOnce(widgets, 'import { chatwoot }', "import { acme } from '../vendors/acme/acme.widget.js';\nimport { chatwoot }");
    editOnce(widgets, 'export const VENDOR_WIDGETS = { ', 'export const VENDOR_WIDGETS = { acme, ');
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const inScratch = (command: string, args: string[]) => run(command, args, { cwd: scratch, env: commandEnvironment(), maxBuffer: 32 * 1024 * 1024 });

  it('typechecks, server and browser library', async () => {
    await expect(inScratch('npm', ['run', 'typecheck'])).resolves.toBeDefined();
  }, 5 * 60_000);

  it("passes acme's tests: the verifier contract, the OpenAPI document, the browser hand-off and the catalog rules", async () => {
    await inScratch('npm', ['run', 'build:js']);
    const specs = ['test/vendor-contract.e2e-spec.ts', 'test/browser-library.e2e-spec.ts', 'src/vendors/vendor-catalog.spec.ts'];
    const jest = ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', '--maxWorkers=1', '-t', 'acme', ...specs];
    const { stdout } = await inScratch('node', jest).catch((failure: { stdout?: string; stderr?: string }) => {
      throw new Error(`acme's tests failed:\n${failure.stderr ?? ''}`);
    });
    const report = JSON.parse(stdout) as { numPassedTests: number; numFailedTests: number; testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }> };
    const passed = report.testResults.flatMap((result) => result.assertionResults).filter((test) => test.status === 'passed').map((test) => test.fullName);

    expect(report.numFailedTests).toBe(0);
    expect(passed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^every catalog vendor, from its folder acme answers a token/),
        expect.stringMatching(/^every catalog vendor, from its folder acme is in the OpenAPI document/),
        expect.stringMatching(/fake vendor widgets acme attach hands the widget a credential the vendor accepts/),
        expect.stringMatching(/^the vendor catalog acme /),
      ]),
    );
  }, 20 * 60_000);
});
