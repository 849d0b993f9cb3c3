import { Injectable } from '@nestjs/common';
import { SignedEmailStrategy } from '../signed-value/signed-email.strategy.js';
import type { IdentityClaims } from '../vendor-strategy.js';
import type { FrontSettings } from './front.settings.js';
import { FRONT } from './front.vendor.js';

/**
 * Front Chat (dev.frontapp.com/docs/identify-users): `userHash` = hex HMAC-SHA256 of the user's email
 * with the chat's verification secret, passed with the email to `FrontChat('init', ...)`; without a
 * valid hash identity verification fails. A user without an email cannot be identified.
 */
@Injectable()
export class FrontStrategy extends SignedEmailStrategy<FrontSettings> {
  static readonly definition = FRONT;
  protected readonly emailRequired = "Front Chat verifies a user by the hash of their email (FrontChat('init', { email, userHash })); the user has no email.";

  protected emailHandoff(email: string, userHash: string, { name }: IdentityClaims): Record<string, unknown> {
    return { init: { email, ...(name ? { name } : {}), userHash } };
  }
}
