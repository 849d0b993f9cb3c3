import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IdentifierField, TokenLifetimeField, type UserIdentifier } from '../settings-fields.js';

/** Settings of a Salesforce Messaging for In-App and Web integration; its key pairs are generated here, one per version. */
export class SalesforceSettings {
  @ApiProperty({ description: "The token's iss: exactly the issuer entered on the keyset in Salesforce Setup.", example: 'https://app.example.com' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  issuer!: string;

  @IdentifierField()
  identifier: UserIdentifier = 'userId';

  @TokenLifetimeField('Token lifetime in seconds; Salesforce asks for a new one through onEmbeddedMessagingIdentityTokenExpired.', {
    min: 60,
    max: 86_400,
    default: 3600,
  })
  tokenTtlSeconds: number = 3600;
}
