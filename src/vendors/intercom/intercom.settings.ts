import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { ClaimMappingField, IdentifierField, TokenLifetimeField, type UserIdentifier } from '../settings-fields.js';

/** The Messenger's API base per workspace region (developers.intercom.com, installing-intercom/web: regional data hosting). */
export const INTERCOM_API_BASES = {
  us: 'https://api-iam.intercom.io',
  eu: 'https://api-iam.eu.intercom.io',
  au: 'https://api-iam.au.intercom.io',
} as const;

export type IntercomRegion = keyof typeof INTERCOM_API_BASES;

/** Settings of an Intercom integration; the secret (the Messenger API secret) is stored apart. */
export class IntercomSettings {
  @ApiProperty({ description: 'The workspace app id, passed to the Messenger as app_id.', example: 'abc12345' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'appId must be the workspace app id: 1 to 64 letters, digits, - or _' })
  appId!: string;

  @ApiPropertyOptional({
    enum: Object.keys(INTERCOM_API_BASES),
    description: "The workspace's data region: the hand-off then carries the region's api_base for the Messenger. Without it the page's own api_base stays (Intercom's default: us).",
    example: 'eu',
  })
  @IsOptional()
  @IsIn(Object.keys(INTERCOM_API_BASES), { message: 'region must be one of us, eu, au' })
  region?: IntercomRegion;

  @IdentifierField()
  identifier: UserIdentifier = 'userId';

  @TokenLifetimeField("Token lifetime in seconds; Intercom leaves it to you: match your app's session.", { min: 60, max: 86_400, default: 3600 })
  tokenTtlSeconds: number = 3600;

  @ClaimMappingField('User attributes Intercom stores on the user, signed in the token.', { plan: 'attributes.plan' })
  claims: ClaimMapping = {};
}
