import { type DynamicModule, Module } from '@nestjs/common';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    if (!files.has('chat-identity.js')) throw new Error(`The browser library is not built: no chat-identity.js in ${directory} (npm run build:js)`);
    return { module: BrowserSdkModule, controllers: [BrowserSdkController], providers: [{ provide: BROWSER_SDK_FILES, useValue: files }] };
  }
}
