import type { UserIdentifier } from '../settings-fields.js';
import type { InspectionFinding, NearMiss } from '../vendor-strategy.js';

/** The vendor a shared rule is checked for: `id` prefixes rule ids, `name` goes into messages. */
interface HashVendorLabel {
  id: string;
  name: string;
}

const LOWER_HEX_SHA256 = /^[0-9a-f]{64}$/;
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The signature is what `HexHmacSigner` makes: 64 lower-case hex characters, nothing around them. */
export function signatureFormFindings(signature: string, vendor: HashVendorLabel): InspectionFinding[] {
  const rule = `${vendor.id}.signature.lowercase-hex`;
  const bare = signature.trim();
  const problem =
    bare !== signature
      ? `The signature has white space around it: hand ${vendor.name} the 64 hex characters alone.`
      : LOWER_HEX_SHA256.test(signature)
        ? undefined
        : /^[0-9A-Fa-f]{64}$/.test(signature)
          ? `The signature is upper-case hex: ${vendor.name} compares it with its own lower-case hex digest; hand it over exactly as issued.`
          : /^[0-9a-fA-F]{40}$/.test(signature)
            ? `The signature has 40 hex characters, an HMAC-SHA1: ${vendor.name} wants HMAC-SHA256 (64 hex characters).`
            : /^[A-Za-z0-9+/]{43}=$/.test(signature)
              ? `The signature looks like base64: ${vendor.name} wants the HMAC-SHA256 as 64 lower-case hex characters.`
              : `The signature is not a hex HMAC-SHA256 (64 lower-case hex characters, ${signature.length} characters given).`;
  return [problem ? { rule, ok: false, message: problem } : { rule, ok: true, message: 'The signature is 64 lower-case hex characters, a hex HMAC-SHA256.' }];
}

/** A signed value with white space around it: the vendor hashes exactly what the widget gets. */
export function spacingNearMisses(signed: string, vendor: HashVendorLabel): NearMiss[] {
  const trimmed = signed.trim();
  if (trimmed === signed) return [];
  return [
    {
      signed: trimmed,
      rule: `${vendor.id}.signed.surrounding-space`,
      message: `The signature is of the value without its surrounding white space: ${vendor.name} hashes exactly what the widget gets, spaces included.`,
    },
  ];
}

/** Email vendors (Help Scout, Front, Crisp): the signed value is the user's email. */
export function emailFindings(signed: string, vendor: HashVendorLabel): InspectionFinding[] {
  const rule = `${vendor.id}.signed.email`;
  return EMAIL.test(signed)
    ? [{ rule, ok: true, message: `The signed value is an email: ${vendor.name} must be handed exactly this string (same case) as the email.` }]
    : [{ rule, ok: false, message: `The signed value is not an email: ${vendor.name} signs the user's email, the one the widget is handed.` }];
}

/** The email signed with other letter case than given: the vendor compares byte for byte. */
export function emailCaseNearMisses(email: string, vendor: HashVendorLabel, rebuild: (email: string) => string = (value) => value): NearMiss[] {
  return lowerCaseNearMisses(email, rebuild, `${vendor.id}.signed.email-case`, (lower) =>
    `The signature is of the email with different case (${lower}): ${vendor.name} hashes the email exactly as the widget ` +
    'is handed it, so sign and hand over the same string.',
  );
}

/** Id vendors (Chatwoot, tawk.to, Re:amaze's id): the identifier the `identifier` setting names. */
export function identifierFindings(identifier: string, setting: UserIdentifier, vendor: HashVendorLabel): InspectionFinding[] {
  const rule = `${vendor.id}.signed.identifier`;
  if (setting === 'externalId') {
    return identifier.trim() === ''
      ? [{ rule, ok: false, message: `The identifier is empty: with settings.identifier externalId, ${vendor.name} signs the host app's user key.` }]
      : [{ rule, ok: true, message: `With settings.identifier externalId, ${vendor.name} signs the host app's user key; this one must be the key the widget gets.` }];
  }
  if (LOWER_CASE_UUID.test(identifier)) {
    return [{ rule, ok: true, message: "The identifier is a lower-case UUID, the user's stable id (settings.identifier userId)." }];
  }
  if (LOWER_CASE_UUID.test(identifier.toLowerCase())) {
    return [{ rule, ok: false, message: `The identifier is an upper-case UUID: the user's stable id is lower case, and ${vendor.name} compares it exactly.` }];
  }
  const what = EMAIL.test(identifier) ? 'an email' : 'not a UUID';
  return [
    {
      rule,
      ok: false,
      message:
        `The identifier is ${what}: with settings.identifier userId, ${vendor.name} signs the user's stable lower-case UUID ` +
        "(set identifier to externalId to sign the host app's user key instead).",
    },
  ];
}

/** An upper-case identifier whose lower-case form was signed (a UUID written in upper case, say). */
export function identifierCaseNearMisses(identifier: string, vendor: HashVendorLabel): NearMiss[] {
  return lowerCaseNearMisses(identifier, (value) => value, `${vendor.id}.signed.identifier-case`, (lower) =>
    `The signature is of the identifier in lower case (${lower}): ${vendor.name} hashes the identifier exactly as the widget is handed it.`,
  );
}

function lowerCaseNearMisses(value: string, rebuild: (lower: string) => string, rule: string, message: (lower: string) => string): NearMiss[] {
  const lower = value.toLowerCase();
  return lower === value ? [] : [{ signed: rebuild(lower), rule, message: message(lower) }];
}
