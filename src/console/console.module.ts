import { Controller, type DynamicModule, Get, Header, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONSOLE_CONTENT_SECURITY_POLICY, joinRoute, renderConsolePage } from './console-page.js';
import { readConsoleFiles } from './console-files.js';

/** Where the console is served and which admin API it calls. */
export interface ConsoleRoute {
  /** The console's path without the module's route prefix, e.g. `console`. */
  path: string;
  /** The module's route prefix (`''` when none). */
  routePrefix: string;
}

interface ReplyWithHeaders {
  header(name: string, value: string): unknown;
}

const NO_SNIFF = ['X-Content-Type-Options', 'nosniff'] as const;

/**
 * The support console: a page and its two assets, public (nothing in them is secret) and served under
 * a strict CSP. Every data call it makes goes to the admin API, which signs the admin in and refuses.
 */
@Module({})
export class ConsoleModule {
  static at({ path, routePrefix }: ConsoleRoute): DynamicModule {
    const files = readConsoleFiles();
    const consolePath = joinRoute(routePrefix, path);
    const page = renderConsolePage(files.page, consolePath, routePrefix ? joinRoute(routePrefix) : '');

    @ApiExcludeController()
    @Controller(consolePath.slice(1))
    class ConsoleController {
      @Get()
      @Header('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY)
      @Header('Cache-Control', 'no-cache')
      @Header(...NO_SNIFF)
      @Header('Referrer-Policy', 'no-referrer')
      page(@Res({ passthrough: true }) reply: ReplyWithHeaders): string {
        reply.header('content-type', 'text/html; charset=utf-8');
        return page;
      }

      @Get('console.js')
      @Header('Cache-Control', 'no-cache')
      @Header(...NO_SNIFF)
      script(@Res({ passthrough: true }) reply: ReplyWithHeaders): string {
        reply.header('content-type', 'text/javascript; charset=utf-8');
        return files.script;
      }

      @Get('console.css')
      @Header('Cache-Control', 'no-cache')
      @Header(...NO_SNIFF)
      style(@Res({ passthrough: true }) reply: ReplyWithHeaders): string {
        reply.header('content-type', 'text/css; charset=utf-8');
        return files.style;
      }
    }
    return { module: ConsoleModule, controllers: [ConsoleController] };
  }
}
