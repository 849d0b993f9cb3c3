import { Injectable } from '@nestjs/common';
import { SignedEmailStrategy } from '../signed-value/signed-email.strategy.js';
import type { IdentityClaims } from '../vendor-strategy.js';
import type { HelpScoutSettings } from './helpscout.settings.js';
import { HELPSCOUT } from './helpscout.vendor.js';

/**
 * Help Scout Beacon secure mode (developer.helpscout.com/beacon-2/web/secure-mode): `signature` = hex
 * HMAC-SHA256 of the user's email with the Beacon's secret key, handed to `Beacon('identify', { name,
 * email, signature })`; it never expires. A user without an email cannot be identified.
 */
@Injectable()
export class HelpScoutStrategy extends SignedEmailStrategy<HelpScoutSettings> {
  static readonly definition = HELPSCOUT;
  protected readonly emailRequired = "Help Scout secure mode signs the user's email (Beacon('identify', { email, signature })); the user has no email.";

  protected emailHandoff(email: string, signature: string, { name }: IdentityClaims): Record<string, unknown> {
    return { identify: { ...(name ? { name } : {}), email, signature } };
  }
}
