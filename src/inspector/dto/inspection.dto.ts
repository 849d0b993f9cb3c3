import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiClosedSchema } from '../../openapi/closed-schema.decorator.js';

/** What a widget was handed: a token (JWT and vendor-minted kinds), or a signature and the value it signs (hash kinds). */
@ApiClosedSchema()
export class InspectCredentialDto {
  @ApiPropertyOptional({
    description: "JWT and vendor-minted vendors: the token as the widget got it (a JWT, or Tiledesk's \"JWT <token>\" string). At most 16 KB.",
    example: 'JWT eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJfaWQiOiI2NWYxYzBkZV9kYjc5ZTc3NS04MWZkLTRmMmUtODc0MS05MjY2ZTkyMGNjMzIifQ.signature',
  })
  // No length rule here: the service refuses over-long input with a 413 that says why, before decoding.
  @IsOptional()
  @IsString()
  token?: string;

  @ApiPropertyOptional({ description: 'Hash vendors: the hex signature the widget got.', example: 'c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  signature?: string;

  @ApiPropertyOptional({ description: 'Hash vendors: the exact value that was hashed (an email, an identifier, "id:email").', example: 'ada@example.com' })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  signed?: string;
}

export class SignatureVerdictView {
  @ApiProperty({ description: 'True when an active or retired secret of this integration made the credential.' })
  valid!: boolean;

  @ApiProperty({ description: 'False when the vendor signs the tokens itself (Gladly): nothing here can verify them.' })
  verifiable!: boolean;

  @ApiPropertyOptional({ description: 'The stored secret version that made it (none: no stored version did).', example: 2 })
  version?: number;

  @ApiPropertyOptional({ enum: ['pending', 'active', 'retired', 'revoked'], example: 'active' })
  state?: 'pending' | 'active' | 'retired' | 'revoked';

  @ApiProperty({ example: 'Signed with version 2, the active secret.' })
  message!: string;
}

export class InspectionFindingView {
  @ApiProperty({ example: 'glassix.aud.lowercase-uuid', description: 'Stable id of the vendor rule.' })
  rule!: string;

  @ApiProperty()
  ok!: boolean;

  @ApiProperty({ example: 'aud is upper case: Glassix needs the lower-case UUID you pass as uniqueIdentifier.' })
  message!: string;
}

/** What the vendor would see, and whether it would accept it. Never contains a secret. */
export class InspectionReportView {
  @ApiProperty({ example: 'glassix-support' })
  integration!: string;

  @ApiProperty({ example: 'glassix' })
  vendor!: string;

  @ApiProperty({ description: 'The signature is valid (or only the vendor can check it) and every finding is ok.' })
  ok!: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { alg: 'HS256', typ: 'JWT' }, description: 'JWTs: decoded, untrusted.' })
  header?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { iss: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', aud: 'DB79E775-81FD-4F2E-8741-9266E920CC32', sub: '', iat: 1779400000, exp: 1779418000 },
    description: 'JWTs: decoded, untrusted.',
  })
  claims?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Hash vendors: the value the signature was checked over.', example: 'ada@example.com' })
  signed?: string;

  @ApiProperty({ type: SignatureVerdictView })
  signature!: SignatureVerdictView;

  @ApiProperty({ type: [InspectionFindingView], description: "One finding per documented rule of the integration's vendor." })
  findings!: InspectionFindingView[];
}
