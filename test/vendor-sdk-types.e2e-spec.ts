// Type tests: our hand-off types fed into the vendors' published SDK types (test/vendor-sdk-types/*.ts),
// each file compiled alone with the browser library's compiler settings (two of the SDKs declare the
// same window global differently, so they never share a program). A fixture's @ts-expect-error lines
// prove the check can fail: an expected error that does not happen is itself an error.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const FIXTURES = fileURLToPath(new URL('./vendor-sdk-types/', import.meta.url));
const BROWSER_TSCONFIG = fileURLToPath(new URL('../src/browser/tsconfig.json', import.meta.url));

/**
 * The browser library's compiler options (DOM, no Node), without emitting, resolving modules as the bundler
 * of a page does: the SDKs' declarations import extensionless paths, which NodeNext would leave untyped (any).
 */
function browserOptions(): ts.CompilerOptions {
  const { config, error } = ts.readConfigFile(BROWSER_TSCONFIG, (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(BROWSER_TSCONFIG));
  return {
    ...parsed.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    incremental: false,
    declaration: false,
    sourceMap: false,
  };
}

/** Every diagnostic of compiling `file` alone, one line each. */
function compile(file: string): string[] {
  const program = ts.createProgram([file], browserOptions());
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
    const place = where ? `${diagnostic.file!.fileName}:${where.line + 1}` : '';
    return `${place} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.ts'));

describe("our hand-off types in the vendors' SDK types", () => {
  it('has a fixture per vendor SDK that publishes types', () => {
    expect(fixtures.sort()).toEqual(['crisp-sdk-web.ts', 'intercom-messenger-js-sdk.ts', 'intercom-web.ts', 'zendesk-web-widget.ts']);
  });

  it.each(fixtures)('%s compiles, its expected errors included', (fixture) => {
    expect(compile(`${FIXTURES}${fixture}`)).toEqual([]);
  });
});
