import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { notFound } from '../common/chat-identity.error.js';
import { ApiAnswer, ApiProblems } from '../openapi/api-responses.decorator.js';
import { ApiPublic } from '../openapi/security-schemes.js';

export const BROWSER_SDK_FILES = Symbol('BROWSER_SDK_FILES');

interface ReplyWithHeaders {
  header(name: string, value: string): unknown;
}

@ApiTags('browser')
@ApiPublic()
@Controller('sdk')
export class BrowserSdkController {
  constructor(@Inject(BROWSER_SDK_FILES) private readonly files: ReadonlyMap<string, string>) {}

  @Get(':file')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({
    operationId: 'getBrowserSdk',
    summary: 'The browser library, chat-identity/browser, as ES modules',
    description: "In a page's module script: `import { attach } from '/sdk/chat-identity.js'`; it imports its siblings from /sdk/ too.",
  })
  @ApiParam({ name: 'file', example: 'chat-identity.js' })
  @ApiAnswer({ description: 'The module.', content: 'text/javascript', schema: { type: 'string' } })
  @ApiProblems([404])
  file(@Param('file') name: string, @Res({ passthrough: true }) reply: ReplyWithHeaders): string {
    const file = this.files.get(name);
    if (file === undefined) throw notFound(`No file ${name} in the browser library; it starts at /sdk/chat-identity.js.`);
    reply.header('content-type', name.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8');
    return file;
  }
}
