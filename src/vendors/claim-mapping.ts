import { type FieldProblem, validationFailed } from '../common/chat-identity.error.js';
import type { IdentityClaims } from './vendor-strategy.js';

/** Vendor claim name -> subject field (`email`, `name`, `phone`, `externalId`, `userId`, `attributes.<key>`). */
export type ClaimMapping = Record<string, string>;

const SUBJECT_FIELDS = new Set(['email', 'name', 'phone', 'externalId', 'userId']);
const ATTRIBUTE_PATH = /^attributes\.[A-Za-z0-9_.-]{1,64}$/;
const CLAIM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const lowerCaseSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** A vendor's reserved claims, lower-cased into a set once per list rather than on every token. */
function lowerCaseSetOf(reserved: readonly string[]): ReadonlySet<string> {
  let set = lowerCaseSets.get(reserved);
  if (set === undefined) {
    set = new Set(reserved.map((claim) => claim.toLowerCase()));
    lowerCaseSets.set(reserved, set);
  }
  return set;
}

/**
 * Problems with a `claims` mapping: a reserved claim (never settable by a mapping, whatever the
 * vendor), a malformed claim name, or an unknown subject field.
 */
export function claimMappingProblems(mapping: unknown, reserved: readonly string[], field = 'settings.claims'): FieldProblem[] {
  if (mapping === undefined) return [];
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
    return [{ field, message: 'must be an object of vendor claim -> subject field' }];
  }
  const reservedSet = lowerCaseSetOf(reserved);
  return Object.entries(mapping).flatMap(([claim, source]): FieldProblem[] => {
    const at = `${field}.${claim}`;
    if (reservedSet.has(claim.toLowerCase())) return [{ field: at, message: `"${claim}" is a reserved claim and cannot be mapped` }];
    if (!CLAIM_NAME.test(claim)) return [{ field: at, message: 'claim names are letters, digits and _ (at most 64)' }];
    if (typeof source !== 'string' || !(SUBJECT_FIELDS.has(source) || ATTRIBUTE_PATH.test(source))) {
      return [{ field: at, message: 'must be one of email, name, phone, externalId, userId or attributes.<key>' }];
    }
    return [];
  });
}

/** Resolves a validated mapping against the caller's claims; unknown values are left out. */
export function resolveClaimMapping(mapping: ClaimMapping | undefined, claims: IdentityClaims): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [claim, source] of Object.entries(mapping ?? {})) {
    const value = source.startsWith('attributes.')
      ? claims.attributes[source.slice('attributes.'.length)]
      : claims[source as 'email' | 'name' | 'phone' | 'externalId' | 'userId'];
    if (value !== undefined && value !== null) resolved[claim] = value;
  }
  return resolved;
}

/**
 * Second line of defence, at signing: custom claims are laid under the vendor's own claims and any
 * reserved name among them is refused, so a mapping saved before a rule existed still cannot win.
 */
export function withCustomClaims(
  vendorClaims: Record<string, unknown>,
  custom: Record<string, unknown>,
  reserved: readonly string[],
): Record<string, unknown> {
  const reservedSet = lowerCaseSetOf(reserved);
  const clashes = Object.keys(custom).filter((claim) => reservedSet.has(claim.toLowerCase()) || claim in vendorClaims);
  if (clashes.length > 0) {
    throw validationFailed(`Custom claims may not set reserved claims: ${clashes.join(', ')}`);
  }
  // Object.assign, not `{ ...custom, ...vendorClaims }`: the same own properties, but V8 takes a slow
  // path for two spreads into one literal (~5 µs on every token). Mapped claim names never include
  // `__proto__` as an own property (resolveClaimMapping assigns them), so the copy is identical.
  return Object.assign({}, custom, vendorClaims);
}
