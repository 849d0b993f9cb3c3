import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';

/** Settings of a Glassix integration; the secret (department API secret) is stored apart. */
export class GlassixSettings {
  /** Department API key (a UUID, not the secret), stored lower-case: it is the token's `iss`. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsUUID('loose')
  apiKey!: string;

  /** The widget snippet id passed to `widgetOptions.snippetId`. */
  @IsString()
  @IsNotEmpty()
  snippetId!: string;

  /** Token lifetime; Glassix recommends at least 5 hours. @default 18000 */
  @IsInt()
  @Min(300)
  @Max(86_400)
  tokenTtlSeconds: number = 18_000;

  /** Vendor claim -> subject field, e.g. `{ "field1": "name", "field3": "attributes.plan" }`. @default {} */
  @IsOptional()
  @IsObject()
  claims: ClaimMapping = {};
}
