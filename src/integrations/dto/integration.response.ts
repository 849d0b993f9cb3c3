import { ApiProperty, ApiSchema, PickType } from '@nestjs/swagger';
import { SecretVersionResponse } from '../../secrets/dto/secret-version.response.js';
import type { IntegrationView } from './integration.dto.js';

@ApiSchema({ name: 'ActiveSecret', description: "The active secret version's metadata." })
export class ActiveSecretResponse extends PickType(SecretVersionResponse, ['version', 'state', 'fingerprint'] as const) {}

@ApiSchema({ name: 'Integration', description: 'A configured widget. Its secret never appears, only metadata.' })
export class IntegrationResponse implements IntegrationView {
  @ApiProperty({ example: 'glassix-support' })
  slug!: string;

  @ApiProperty({ example: 'glassix' })
  vendor!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { apiKey: '5c0d2f36-9d5f-4d43-a7b9-3c5f58ad5a1e', snippetId: 'abc123', tokenTtlSeconds: 18000, claims: { field1: 'name' } },
    description: 'The validated settings, defaults filled in.',
  })
  settings!: IntegrationView['settings'];

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;

  @ApiProperty({ type: ActiveSecretResponse, nullable: true, description: 'The active secret, or null when none is active.' })
  secret!: ActiveSecretResponse | null;
}

@ApiSchema({ name: 'CreatedIntegration', description: 'The new integration, with the full metadata of its first secret version.' })
export class CreatedIntegrationResponse extends IntegrationResponse {
  @ApiProperty({ type: SecretVersionResponse, nullable: true, description: 'The secret stored with it, or null (vendors that need none).' })
  declare secret: SecretVersionResponse | null;
}
