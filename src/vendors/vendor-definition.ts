import type { SchemaObject } from '@nestjs/swagger';
import type { ClassConstructor } from 'class-transformer';

/** What a vendor's widget is handed to prove who the user is; decides how it is made and inspected. */
export enum CredentialKind {
  /** A JWT signed with the secret the vendor gave us. */
  Hs256Jwt = 'hs256-jwt',
  /** A JWT signed with a key pair we generate per secret version; the vendor fetches our public keys (JWKS). */
  Rs256Jwt = 'rs256-jwt',
  /** Lower-case hex HMAC-SHA256 of a value the widget also gets (an email, a user id); it never expires. */
  HmacSha256Hex = 'hmac-sha256-hex',
  /** A token the vendor's API mints for us with a stored API credential; only the vendor can verify it. */
  VendorMinted = 'vendor-minted',
}

export type JwtCredentialKind = CredentialKind.Hs256Jwt | CredentialKind.Rs256Jwt;

/** The vendor's documented logout call, answered with every identity so clients end the chat session with the login. */
export interface LogoutHint {
  /** JavaScript to run on logout or user switch, e.g. `Intercom('shutdown')`. */
  call: string;
}

/**
 * The static description of one vendor: everything the admin API, the OpenAPI document, the token
 * inspector and the test kit need without an instance of its strategy.
 */
export interface VendorDefinition<S extends object = object, K extends CredentialKind = CredentialKind> {
  /** Lower-case vendor id stored in `integration.vendor`, e.g. `glassix`. */
  readonly id: string;
  /** The vendor's name, in messages. */
  readonly name: string;
  readonly credential: K;
  /** Claims custom mappings can never set: the vendor's own plus the JWT registered ones. */
  readonly reservedClaims: readonly string[];
  /** Its settings: a class-validator class (validation, unknown keys rejected) with `@ApiProperty` docs. */
  readonly settings: ClassConstructor<S>;
  /** Valid settings, shown in the OpenAPI document and used by the test kit. */
  readonly exampleSettings: Readonly<Record<string, unknown>>;
  /** Secret versions must carry the vendor's key id (`keyId`), which the JWT header names as `kid`. @default false */
  readonly requiresKeyId?: boolean;
  /** The `handoff` of a token answer for this vendor, as an OpenAPI schema object. */
  readonly handoffSchema: SchemaObject;
  /**
   * Where in `handoff` the credential sits (property names, array indices as strings), and the text
   * before it there (Tiledesk's `JWT `): what a client gives the inspector, what tests verify.
   * A configuration that hands over no credential (Gladly's standard mode) has nothing there.
   */
  readonly credentialIn: { readonly path: readonly string[]; readonly prefix?: string };
  readonly logout: LogoutHint;
}

/** A definition with its literal id kept (for `VendorId`), checked against the contract. */
export function defineVendor<const D extends VendorDefinition<object>>(definition: D): D {
  return definition;
}

/** The `definition` a strategy class declares statically: its instances answer the same one. */
export function staticDefinitionOf<D extends VendorDefinition>(strategy: object): D {
  return (strategy.constructor as unknown as { readonly definition: D }).definition;
}
