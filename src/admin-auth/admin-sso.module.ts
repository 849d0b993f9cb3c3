import { Module } from '@nestjs/common';
import { AdminAuthModule } from './admin-auth.module.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { SsoController } from './sso.controller.js';

/** The browser routes of admin single sign-on (they answer 404 unless `adminSso` is configured). */
@Module({ imports: [AdminAuthModule], providers: [OidcSignIn], controllers: [SsoController] })
export class AdminSsoModule {}
