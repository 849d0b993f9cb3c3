import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { notFound } from '../common/chat-identity.error.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { DEMO_USERS, DemoIdentityProvider } from './demo-identity.js';
import { DEMO_PAGE, DEMO_PAGE_CSP } from './demo-page.js';

/**
 * The development demo (never in production unless forced: see demoPageEnabled): a page that signs
 * in one of two sample users, attaches the browser library to a chosen integration and shows what
 * each vendor's widget is handed. It stands in for the identity provider with a secret of its own.
 */
@ApiExcludeController()
@Controller('demo')
export class DemoController {
  constructor(
    private readonly identityProvider: DemoIdentityProvider,
    private readonly integrations: IntegrationsService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', DEMO_PAGE_CSP)
  page(): string {
    return DEMO_PAGE;
  }

  @Get('integrations')
  async list(): Promise<Array<{ slug: string; vendor: string }>> {
    return (await this.integrations.list()).filter((integration) => integration.enabled).map(({ slug, vendor }) => ({ slug, vendor }));
  }

  /** An access token for a sample user, as the company's identity provider would issue it. */
  @Post('session/:user')
  @HttpCode(200)
  async session(@Param('user') user: string): Promise<{ accessToken: string; name: string; email: string }> {
    if (!Object.prototype.hasOwnProperty.call(DEMO_USERS, user)) {
      throw notFound(`No sample user "${user}"; the demo has ${Object.keys(DEMO_USERS).join(' and ')}.`);
    }
    return { accessToken: await this.identityProvider.sign(user), ...DEMO_USERS[user] };
  }
}
