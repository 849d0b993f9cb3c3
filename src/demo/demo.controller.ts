import { Controller, Get, Header, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SignJWT } from 'jose';
import { CHAT_IDENTITY_MODULE_OPTIONS } from '../chat-identity.module-definition.js';
import type { ChatIdentityModuleOptions } from '../chat-identity.options.js';
import { notFound } from '../common/chat-identity.error.js';
import { IntegrationsService } from '../integrations/integrations.service.js';
import { DEMO_PAGE } from './demo-page.js';

/** The two sample users of the demo: what an identity provider would say about them. */
export const DEMO_USERS: Readonly<Record<string, { name: string; email: string }>> = {
  ada: { name: 'Ada Lovelace', email: 'ada@example.com' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
};

/**
 * The development demo (never in production: see DemoModule): a page that signs in one of two sample
 * users, attaches the browser library to a chosen integration and shows what each vendor's widget is
 * handed. It stands in for the identity provider with the service's own bearer secret.
 */
@ApiExcludeController()
@Controller('demo')
export class DemoController {
  constructor(
    @Inject(CHAT_IDENTITY_MODULE_OPTIONS) private readonly options: ChatIdentityModuleOptions,
    private readonly integrations: IntegrationsService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
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
    const profile = Object.prototype.hasOwnProperty.call(DEMO_USERS, user) ? DEMO_USERS[user] : undefined;
    const secret = this.options.bearerAuth?.jwtSecret;
    if (!profile) throw notFound(`No sample user "${user}"; the demo has ${Object.keys(DEMO_USERS).join(' and ')}.`);
    if (!secret) throw notFound('The demo signs its sample users in with AUTH_JWT_SECRET, and none is set (AUTH_JWKS_URL is in use).');
    const token = new SignJWT({ sub: `demo-${user}`, email: profile.email, name: profile.name })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h');
    if (this.options.bearerAuth?.issuer) token.setIssuer(this.options.bearerAuth.issuer);
    if (this.options.bearerAuth?.audience) token.setAudience(this.options.bearerAuth.audience);
    return { accessToken: await token.sign(new TextEncoder().encode(secret)), ...profile };
  }
}
