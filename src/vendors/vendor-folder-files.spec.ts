import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A vendor folder holds production code, browser code and test-only files side by side: these are the
// lines between them.
const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_ONLY = /\.(spec|cases|fake)\.ts$/;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

const importsOf = (path: string): string[] => [...readFileSync(path, 'utf8').matchAll(/^import [^;]*? from '([^']+)';/gms)].map((match) => match[1]);

describe('the files of the vendor folders', () => {
  const production = sourceFiles(SOURCE_ROOT).filter((path) => !TEST_ONLY.test(path));

  it('no production or browser code imports a test-only file or the test support', () => {
    expect(production.flatMap(importsOf)).toContain('./vendor-widgets.js');
    const offending = production.flatMap((path) =>
      importsOf(path)
        .filter((specifier) => /\.(cases|fake)\.js$/.test(specifier) || specifier.includes('/test/'))
        .map((specifier) => `${path}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('a widget entry imports nothing but the browser contract, and only its types', () => {
    const widgets = production.filter((path) => path.endsWith('.widget.ts'));
    expect(widgets.length).toBeGreaterThan(0);
    for (const path of widgets) {
      expect({ path, imports: importsOf(path) }).toEqual({ path, imports: ['../../browser/vendor-widget.js'] });
      expect(readFileSync(path, 'utf8')).toContain("import type { VendorWidget } from '../../browser/vendor-widget.js';");
    }
  });

  it('the build leaves the test-only files out', () => {
    const swc = JSON.parse(readFileSync(new URL('../../.swcrc', import.meta.url), 'utf8')) as { exclude: string[] };
    for (const file of ['kustomer.spec.ts', 'kustomer.cases.ts', 'kustomer.fake.ts']) {
      expect(swc.exclude.some((pattern) => new RegExp(pattern).test(file))).toBe(true);
    }
    expect(swc.exclude.some((pattern) => new RegExp(pattern).test('kustomer.widget.ts'))).toBe(false);
    const declarations = JSON.parse(readFileSync(new URL('../../tsconfig.build.json', import.meta.url), 'utf8')) as { exclude: string[] };
    expect(declarations.exclude).toEqual(expect.arrayContaining(['**/*.spec.ts', '**/*.cases.ts', '**/*.fake.ts']));
  });
});
