import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import type { ClaimMapping } from '../claim-mapping.js';
import { ClaimMappingField, TokenLifetimeField } from '../settings-fields.js';
import { DECIMAL_RECOMMENDED_MAX_TTL_SECONDS } from './decimal.rules.js';

/** Settings of a Decimal integration; the secret (the widget's JWT signing secret) is stored apart. */
export class DecimalSettings {
  @TokenLifetimeField("Token lifetime in seconds, capped at Decimal's recommended 1 hour.", {
    min: 60,
    max: DECIMAL_RECOMMENDED_MAX_TTL_SECONDS,
    default: 3600,
  })
  tokenTtlSeconds: number = 3600;

  @ApiPropertyOptional({ description: 'Sets disable_escalation: the user cannot escalate to a human. Default: false.' })
  @IsBoolean()
  disableEscalation: boolean = false;

  @ClaimMappingField('Extra claims, attached to escalation ticket metadata.', { plan: 'attributes.plan' })
  claims: ClaimMapping = {};
}
