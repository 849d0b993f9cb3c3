import { Injectable } from '@nestjs/common';
import { SignedEmailStrategy } from '../signed-value/signed-email.strategy.js';
import type { CrispSettings } from './crisp.settings.js';
import { CRISP } from './crisp.vendor.js';

/**
 * Crisp identity verification (docs.crisp.chat, chatbox SDKs, Web SDK, "Identity Verification"): the
 * backend signs the user's email with the verification secret and the chatbox is given both with
 * `$crisp.push(["set", "user:email", [email, signature]])`; Crisp then shows the email as verified.
 * The HMAC's hash is UNCONFIRMED (CRISP_SIGNATURE_KIND). A user without an email cannot be verified.
 */
@Injectable()
export class CrispStrategy extends SignedEmailStrategy<CrispSettings> {
  static readonly definition = CRISP;
  protected readonly emailRequired = 'Crisp verifies a user by the signature of their email ($crisp.push(["set", "user:email", [email, signature]])); the user has no email.';

  protected emailHandoff(email: string, signature: string): Record<string, unknown> {
    return { push: [['set', 'user:email', [email, signature]]] };
  }
}
