import { Injectable } from '@nestjs/common';
import { emailCaseNearMisses, emailFindings, identifierFindings } from '../signed-value/signed-value.rules.js';
import { identifierValue } from '../settings-fields.js';
import { type SignedHandoff, SignedValueStrategy } from '../signed-value/signed-value.strategy.js';
import type { IdentityClaims, InspectionFinding, NearMiss } from '../vendor-strategy.js';
import type { ReamazeSettings } from './reamaze.settings.js';
import { REAMAZE } from './reamaze.vendor.js';
import { vendorRuleViolated } from '../vendors.exception.js';

/**
 * Re:amaze widget SSO (reamaze.com/developer/widget_auth): `authkey` = hex HMAC-SHA256 of the id and
 * the email joined by a colon, with the account's SSO Secret, in `_support['user'] = { id, email, name,
 * authkey }`. The id is the user id `settings.identifier` names; a user without an email cannot sign in.
 */
@Injectable()
export class ReamazeStrategy extends SignedValueStrategy<ReamazeSettings> {
  static readonly definition = REAMAZE;

  protected signedHandoff(claims: IdentityClaims, settings: ReamazeSettings): SignedHandoff {
    const { email, name } = claims;
    if (!email) throw vendorRuleViolated('Re:amaze signs the user\'s id and email joined by ":" (authkey); the user has no email.');
    const id = identifierValue(settings.identifier, claims);
    return { signed: `${id}:${email}`, handoff: (authkey) => ({ user: { id, email, ...(name ? { name } : {}), authkey } }) };
  }

  protected signedValueFindings(signed: string, settings: ReamazeSettings): InspectionFinding[] {
    const parts = idAndEmail(signed);
    if (!parts) {
      return [{ rule: 'reamaze.signed.id-colon-email', ok: false, message: 'Re:amaze signs the id and the email joined by ":" ("<id>:<email>"); the signed value has no ":".' }];
    }
    return [
      { rule: 'reamaze.signed.id-colon-email', ok: true, message: 'The signed value is "<id>:<email>", as Re:amaze hashes it.' },
      ...identifierFindings(parts.id, settings.identifier, REAMAZE),
      ...emailFindings(parts.email, REAMAZE),
    ];
  }

  protected signedValueNearMisses(signed: string): NearMiss[] {
    const parts = idAndEmail(signed);
    if (!parts) return [];
    const { id, email } = parts;
    return [
      ...emailCaseNearMisses(email, REAMAZE, (lower) => `${id}:${lower}`),
      { signed: `${email}:${id}`, rule: 'reamaze.signed.order', message: 'The signature is of "<email>:<id>": Re:amaze hashes the id first, then ":", then the email.' },
      { signed: email, rule: 'reamaze.signed.email-alone', message: 'The signature is of the email alone: Re:amaze hashes "<id>:<email>".' },
      { signed: id, rule: 'reamaze.signed.id-alone', message: 'The signature is of the id alone: Re:amaze hashes "<id>:<email>".' },
    ];
  }
}

/** An email has no ":", so the last one separates it from the id (which may contain one). */
function idAndEmail(signed: string): { id: string; email: string } | undefined {
  const colon = signed.lastIndexOf(':');
  return colon < 0 ? undefined : { id: signed.slice(0, colon), email: signed.slice(colon + 1) };
}
