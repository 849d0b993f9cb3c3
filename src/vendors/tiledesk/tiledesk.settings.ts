import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { ClaimMappingField, TokenLifetimeField } from '../settings-fields.js';
import { TILEDESK_PROJECT_ID } from './tiledesk.rules.js';

/** Settings of a Tiledesk integration; the secret (the Project Shared Secret) is stored apart. */
export class TiledeskSettings {
  @ApiProperty({ description: 'The Tiledesk project id: goes into aud, _id and tiledeskSettings.projectid.', pattern: TILEDESK_PROJECT_ID.source })
  @IsString()
  @Matches(TILEDESK_PROJECT_ID, { message: 'projectId must be 1 to 64 letters, digits or - (the id in the Tiledesk dashboard URL)' })
  projectId!: string;

  @TokenLifetimeField('Token lifetime in seconds; Tiledesk honours exp.', { min: 60, max: 86_400, default: 3600 })
  tokenTtlSeconds: number = 3600;

  @ClaimMappingField('Custom values, sent inside the attributes claim.', { plan: 'attributes.plan' })
  claims: ClaimMapping = {};
}
