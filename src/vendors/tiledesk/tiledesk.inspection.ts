import { stringClaim } from '../common-token-rules.js';
import type { DecodedToken, InspectionFinding } from '../vendor-strategy.js';
import { TILEDESK_EXTERNAL_SUBJECT, TILEDESK_TOKEN_PREFIX, tiledeskAudience, tiledeskUserIdPrefix } from './tiledesk.rules.js';
import type { TiledeskSettings } from './tiledesk.settings.js';

/** Every Tiledesk rule of docs/vendors.md, checked on a decoded token after the common JWT rules (the signature is checked elsewhere). */
export function inspectTiledeskToken(token: DecodedToken, settings: TiledeskSettings): InspectionFinding[] {
  return [
    prefixFinding(token.raw),
    userIdFinding(token.claims, settings.projectId),
    subjectFinding(token.claims),
    audienceFinding(token.claims, settings.projectId),
    emailFinding(token.claims),
    noRoleFinding(token.claims),
    attributesFinding(token.claims),
  ];
}

function prefixFinding(raw: string): InspectionFinding {
  const rule = 'tiledesk.raw.jwt-prefix';
  if (raw.startsWith(TILEDESK_TOKEN_PREFIX)) return { rule, ok: true, message: 'The string starts with "JWT ".' };
  return {
    rule,
    ok: false,
    message: `The string does not start with "JWT ": Tiledesk's signInWithCustomToken needs 'JWT ' + token; prefix it (the handoff's signInWithCustomToken already is).`,
  };
}

function userIdFinding(claims: Record<string, unknown>, projectId: string): InspectionFinding {
  const rule = 'tiledesk._id.project-prefix';
  const prefix = tiledeskUserIdPrefix(projectId);
  const id = stringClaim(claims, '_id');
  if (id !== undefined && id.startsWith(prefix) && id.length > prefix.length) {
    return { rule, ok: true, message: `_id starts with ${prefix} followed by the user id.` };
  }
  if (id === undefined) {
    return { rule, ok: false, message: `_id is missing: Tiledesk rejects a token without _id; set it to ${prefix}<user id>.` };
  }
  return { rule, ok: false, message: `_id is "${id}": Tiledesk needs ${prefix}<user id> (this project's id, an underscore, then the user id).` };
}

function subjectFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'tiledesk.sub.userexternal';
  if (claims.sub === TILEDESK_EXTERNAL_SUBJECT) return { rule, ok: true, message: `sub is "${TILEDESK_EXTERNAL_SUBJECT}".` };
  const found = claims.sub === undefined ? 'sub is missing' : `sub is ${JSON.stringify(claims.sub)}`;
  return { rule, ok: false, message: `${found}: Tiledesk needs sub = "${TILEDESK_EXTERNAL_SUBJECT}" for an external user.` };
}

function audienceFinding(claims: Record<string, unknown>, projectId: string): InspectionFinding {
  const rule = 'tiledesk.aud.project-url';
  const expected = tiledeskAudience(projectId);
  if (claims.aud === expected) return { rule, ok: true, message: `aud is ${expected}.` };
  const found = claims.aud === undefined ? 'aud is missing' : `aud is ${JSON.stringify(claims.aud)}`;
  return {
    rule,
    ok: false,
    message: `${found}: Tiledesk picks the verification secret from the project in aud; set aud to ${expected} (also on-premise).`,
  };
}

function emailFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'tiledesk.email.present';
  if (stringClaim(claims, 'email')?.trim()) return { rule, ok: true, message: 'email is set.' };
  const found = claims.email === undefined ? 'email is missing' : 'email is not a non-empty string';
  return { rule, ok: false, message: `${found}: Tiledesk requires the user's email in the token; only issue tokens for users with one.` };
}

function noRoleFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'tiledesk.role.absent';
  if (!('role' in claims)) return { rule, ok: true, message: 'No role claim.' };
  return {
    rule,
    ok: false,
    message: 'The token carries a role claim: Tiledesk reads role on some endpoints (owner/admin/agent creates a platform user); remove it.',
  };
}

function attributesFinding(claims: Record<string, unknown>): InspectionFinding {
  const rule = 'tiledesk.attributes.object';
  const { attributes } = claims;
  if (attributes === undefined) return { rule, ok: true, message: 'No attributes (optional).' };
  if (typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes)) {
    return { rule, ok: true, message: 'attributes is an object of custom values.' };
  }
  return { rule, ok: false, message: 'attributes is not an object: Tiledesk expects an object of custom values; send { "key": value }.' };
}
