import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { DECIMAL_RECOMMENDED_MAX_TTL_SECONDS } from './decimal.rules.js';

/** Settings of a Decimal integration; the secret (the widget's JWT signing secret) is stored apart. */
export class DecimalSettings {
  /** Token lifetime, capped at Decimal's recommended 1 hour. @default 3600 */
  @IsInt()
  @Min(60)
  @Max(DECIMAL_RECOMMENDED_MAX_TTL_SECONDS)
  tokenTtlSeconds: number = 3600;

  /** Sets `disable_escalation`: the user cannot escalate to a human. @default false */
  @IsBoolean()
  disableEscalation: boolean = false;

  /** Extra claims (vendor claim -> subject field), attached to escalation ticket metadata. @default {} */
  @IsOptional()
  @IsObject()
  claims: ClaimMapping = {};
}
