import { Injectable } from '@nestjs/common';
import { vendorRuleViolated } from '../vendors.exception.js';
import { stringClaim, type TokenLifetime } from '../common-token-rules.js';
import { identifierValue } from '../settings-fields.js';
import { SignedJwtStrategy } from '../signed-jwt/signed-jwt.strategy.js';
import type { DecodedToken, IdentityClaims, InspectionFinding } from '../vendor-strategy.js';
import type { ZendeskSettings } from './zendesk.settings.js';
import { ZENDESK, ZENDESK_EXTERNAL_ID_MAX_CHARS, ZENDESK_SCOPE } from './zendesk.vendor.js';

/**
 * Zendesk messaging authentication (developer.zendesk.com, Web Widget and mobile SDK "authenticating
 * end users"; support.zendesk.com "Authenticating end users for messaging"): an HS256 JWT signed with a
 * signing key's shared secret, its header `kid` = that key's id (Zendesk holds up to 10 and picks one
 * by kid, so keys rotate with overlap); `scope: "user"`, `external_id` (the identifier setting, at
 * most 255 characters: 422 beyond), `name` and `email` when known, `email_verified: true` only when
 * the caller's identity provider or trusted server verified that email (else left out: Zendesk then
 * does not identify by email), `iat`, `exp`. Web: `zE('messenger', 'loginUser', cb => cb(jwt))`;
 * logout `zE('messenger', 'logoutUser')`; mobile `loginUser(jwt)` / `logoutUser()`.
 */
@Injectable()
export class ZendeskStrategy extends SignedJwtStrategy<ZendeskSettings> {
  static readonly definition = ZENDESK;

  protected vendorClaims(identity: IdentityClaims, settings: ZendeskSettings, { iat, exp }: TokenLifetime): Record<string, unknown> {
    const externalId = identifierValue(settings.identifier, identity);
    if (externalId.length > ZENDESK_EXTERNAL_ID_MAX_CHARS) {
      throw vendorRuleViolated(`Zendesk accepts an external_id of at most ${ZENDESK_EXTERNAL_ID_MAX_CHARS} characters; this user's has ${externalId.length}.`);
    }
    const { email, name, emailVerified } = identity;
    // Claims left undefined are left out of the token (JSON).
    return {
      scope: ZENDESK_SCOPE,
      external_id: externalId,
      name: name || undefined,
      email: email || undefined,
      email_verified: email && emailVerified === true ? true : undefined,
      iat,
      exp,
    };
  }

  protected handoff(jwt: string): Record<string, unknown> {
    return { loginUser: { jwt } };
  }

  protected vendorFindings(token: DecodedToken): InspectionFinding[] {
    return [scopeFinding(token.claims), externalIdFinding(token.claims), emailVerifiedFinding(token.claims)];
  }
}

function scopeFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'zendesk.scope.user';
  if (claims.scope === ZENDESK_SCOPE) return { rule, ok: true, message: 'scope is "user".' };
  const found = claims.scope === undefined ? 'scope is missing' : `scope is ${JSON.stringify(claims.scope)}`;
  return { rule, ok: false, message: `${found}: Zendesk refuses the login unless scope is exactly "user".` };
}

function externalIdFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'zendesk.external_id.max-255';
  const externalId = stringClaim(claims, 'external_id');
  if (externalId === undefined || externalId.length === 0) {
    return { rule, ok: false, message: "external_id is missing or not a string: it is Zendesk's primary identification of the user; sign it." };
  }
  if (externalId.length <= ZENDESK_EXTERNAL_ID_MAX_CHARS) return { rule, ok: true, message: `external_id has ${externalId.length} characters, within Zendesk's ${ZENDESK_EXTERNAL_ID_MAX_CHARS}.` };
  return {
    rule,
    ok: false,
    message: `external_id has ${externalId.length} characters: Zendesk accepts at most ${ZENDESK_EXTERNAL_ID_MAX_CHARS}; use the stable UUID (identifier: userId).`,
  };
}

function emailVerifiedFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'zendesk.email_verified.boolean';
  const verified = claims.email_verified;
  if (verified === undefined) return { rule, ok: true, message: 'email_verified is absent: Zendesk does not identify the user by email.' };
  if (typeof verified !== 'boolean') return { rule, ok: false, message: 'email_verified is not a boolean: Zendesk expects true or false.' };
  if (verified && !stringClaim(claims, 'email')) {
    return { rule, ok: false, message: 'email_verified is true without an email: it vouches for the email claim; send both or neither.' };
  }
  return { rule, ok: true, message: `email_verified is ${String(verified)}.` };
}
