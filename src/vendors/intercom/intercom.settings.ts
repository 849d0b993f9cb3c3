import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { ClaimMappingField, IdentifierField, TokenLifetimeField, type UserIdentifier } from '../settings-fields.js';

/** Settings of an Intercom integration; the secret (the Messenger API secret) is stored apart. */
export class IntercomSettings {
  @ApiProperty({ description: 'The workspace app id, passed to the Messenger as app_id.', example: 'abc12345' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'appId must be the workspace app id: 1 to 64 letters, digits, - or _' })
  appId!: string;

  @IdentifierField()
  identifier: UserIdentifier = 'userId';

  @TokenLifetimeField("Token lifetime in seconds; Intercom leaves it to you: match your app's session.", { min: 60, max: 86_400, default: 3600 })
  tokenTtlSeconds: number = 3600;

  @ClaimMappingField('User attributes Intercom stores on the user, signed in the token.', { plan: 'attributes.plan' })
  claims: ClaimMapping = {};
}
