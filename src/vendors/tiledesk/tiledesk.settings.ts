import { IsInt, IsObject, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { TILEDESK_PROJECT_ID } from './tiledesk.rules.js';

/** Settings of a Tiledesk integration; the secret (the Project Shared Secret) is stored apart. */
export class TiledeskSettings {
  /** The Tiledesk project id: goes into `aud`, `_id` and `tiledeskSettings.projectid`. */
  @IsString()
  @Matches(TILEDESK_PROJECT_ID, { message: 'projectId must be 1 to 64 letters, digits or - (the id in the Tiledesk dashboard URL)' })
  projectId!: string;

  /** Token lifetime; Tiledesk honours `exp`. @default 3600 */
  @IsInt()
  @Min(60)
  @Max(86_400)
  tokenTtlSeconds: number = 3600;

  /** Custom values (key -> subject field), sent inside the `attributes` claim. @default {} */
  @IsOptional()
  @IsObject()
  claims: ClaimMapping = {};
}
