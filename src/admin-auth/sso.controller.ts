import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { ChatIdentityApi } from '../common/chat-identity-api.decorator.js';
import { notFound, validationFailed } from '../common/chat-identity.error.js';
import { crossSiteWriteRefused } from './admin-auth.errors.js';
import type { AdminRequest } from './admin-request.js';
import { AdminSessions } from './admin-session.js';
import { OidcSignIn } from './oidc-sign-in.js';

/** A path on this service (never `//host` or `/\host`, which browsers read as another site). */
const LOCAL_PATH = /^\/(?![/\\])[^\s\\]{0,2047}$/;

/**
 * Browser routes of admin single sign-on (not API operations, so not in the OpenAPI document): the login
 * redirects to the company's provider, the callback opens the session, the logout ends it here and at
 * the provider.
 */
@ApiExcludeController()
@ChatIdentityApi()
@Controller('v1/admin/sso')
export class SsoController {
  constructor(
    private readonly oidc: OidcSignIn,
    private readonly sessions: AdminSessions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** `returnTo`: a path of this service the callback sends the browser to; without it the callback answers the session as JSON. */
  @Get('login')
  async login(@Req() request: AdminRequest, @Res() response: unknown, @Query('returnTo') returnTo?: unknown): Promise<void> {
    if (returnTo !== undefined && (typeof returnTo !== 'string' || !LOCAL_PATH.test(returnTo))) {
      throw validationFailed('returnTo must be a path on this service, such as /docs', [{ field: 'returnTo', message: 'must be a path starting with one /' }]);
    }
    const { location, cookie } = await this.oidc.start(new URL('callback', this.publicUrlOf(request)), returnTo);
    this.redirect(response, location, [cookie]);
  }

  @Get('callback')
  async callback(@Req() request: AdminRequest, @Res() response: unknown): Promise<void> {
    const { session, cookie, returnTo } = await this.oidc.finish(request, this.publicUrlOf(request));
    const cookies = [cookie, this.sessions.clearedLoginCookie()];
    if (returnTo) return this.redirect(response, returnTo, cookies);
    this.setCookies(response, cookies);
    this.adapterHost.httpAdapter.reply(response, { name: session.name, role: session.role, subject: session.subject, expiresAt: new Date(session.expiresAt * 1000).toISOString() }, 200);
  }

  /** Clears the session cookie; sends the browser on to the provider's logout when it has one (else 204). */
  @Post('logout')
  async logout(@Req() request: AdminRequest, @Res() response: unknown): Promise<void> {
    if (!this.sessions.sso) throw notFound('Admin single sign-on is not configured.');
    if (this.sessions.isCrossSiteWrite(request)) throw crossSiteWriteRefused();
    const providerLogout = await this.oidc.end(request);
    const cookies = [this.sessions.clearedSessionCookie()];
    if (providerLogout) return this.redirect(response, providerLogout, cookies);
    this.setCookies(response, cookies);
    this.adapterHost.httpAdapter.reply(response, undefined, 204);
  }

  /** The URL the browser called, on the configured public origin (never the request's Host header). */
  private publicUrlOf(request: AdminRequest): URL {
    if (!this.sessions.sso) throw notFound('Admin single sign-on is not configured.');
    return new URL(String(request.originalUrl ?? request.url ?? '/'), this.sessions.sso.publicUrl);
  }

  private redirect(response: unknown, location: string, cookies: string[]): void {
    this.setCookies(response, cookies);
    this.adapterHost.httpAdapter.redirect(response, 303, location);
  }

  private setCookies(response: unknown, cookies: string[]): void {
    // Typed as one string, but both adapters pass a list through: one Set-Cookie header per cookie.
    this.adapterHost.httpAdapter.setHeader(response, 'set-cookie', cookies as unknown as string);
  }
}
