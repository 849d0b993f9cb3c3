import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

export class LogoutHintView {
  @ApiProperty({ example: "Intercom('shutdown')", description: "The vendor's documented logout call, to run at logout and before a user switch." })
  call!: string;
}

/**
 * The answer of a token request, vendor-neutral: addChatIdentityOpenApi replaces this schema with one
 * per vendor (`oneOf`, discriminated by `vendor`), each with its exact `handoff`.
 */
@ApiSchema({ name: 'WidgetIdentity', description: "The current user's widget identity for one integration." })
export class WidgetIdentityView {
  @ApiProperty({ example: 'glassix-support' })
  integration!: string;

  @ApiProperty({ example: 'glassix' })
  vendor!: string;

  @ApiProperty({ format: 'uuid', example: 'db79e775-81fd-4f2e-8741-9266e920cc32', description: 'The stable, lower-case UUID: the same for this user from every integration.' })
  userId!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the credential expires; null when it never does (hash vendors).' })
  expiresAt!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "Exactly what the vendor's widget call takes." })
  handoff!: Record<string, unknown>;

  @ApiPropertyOptional({ type: LogoutHintView })
  logout?: LogoutHintView;
}
