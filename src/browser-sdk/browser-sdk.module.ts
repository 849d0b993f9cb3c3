import { type DynamicModule, Module } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_SDK_FILES, BrowserSdkController } from './browser-sdk.controller.js';

/** Where the build puts the browser library (dist/src/browser, beside this module's dist/src/browser-sdk). */
export const BUILT_BROWSER_SDK_DIRECTORY = fileURLToPath(new URL('../browser/', import.meta.url));

/**
 * The standalone serves the browser library (`chat-identity/browser`) at /sdk/, for pages that load it
 * with a script tag instead of a bundler. The files are read once, at start-up.
 */
@Module({})
export class BrowserSdkModule {
  static fromDirectory(directory: string = BUILT_BROWSER_SDK_DIRECTORY): DynamicModule {
    const files = new Map(
      readdirSync(directory)
        .filter((name) => name.endsWith('.js') || name.endsWith('.js.map'))
        .map((name) => [name, readFileSync(join(directory, name), 'utf8')]),
    );
    for (const name of [...files.keys()].filter((file) => file.endsWith('.js'))) servedFlat(files, join(directory, name));
    if (!files.has('chat-identity.js')) throw new Error(`The browser library is not built: no chat-identity.js in ${directory} (npm run build:js)`);
    return { module: BrowserSdkModule, controllers: [BrowserSdkController], providers: [{ provide: BROWSER_SDK_FILES, useValue: files }] };
  }
}

/** A module's imports from outside the library's folder (`../vendors/<id>/<id>.widget.js`). */
const OUTSIDE_IMPORT = /(from\s*|import\s*)(['"])(\.\.\/[^'"]+)\2/g;

/**
 * Served under /sdk/, the library is one flat folder: a module it imports from elsewhere in the build
 * (a vendor's widget entry) is served beside it under its file name, and the import points there.
 */
function servedFlat(files: Map<string, string>, path: string): void {
  const name = basename(path);
  const source = files.get(name) ?? readFileSync(path, 'utf8');
  const outside: string[] = [];
  const rewritten = source.replace(OUTSIDE_IMPORT, (_match, keyword: string, quote: string, specifier: string) => {
    outside.push(resolve(dirname(path), specifier));
    return `${keyword}${quote}./${basename(specifier)}${quote}`;
  });
  files.set(name, rewritten);
  if (!files.has(`${name}.map`) && existsSync(`${path}.map`)) files.set(`${name}.map`, readFileSync(`${path}.map`, 'utf8'));
  for (const imported of outside) {
    if (!files.has(basename(imported))) servedFlat(files, imported);
  }
}
