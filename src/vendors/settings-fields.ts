import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import type { IdentityClaims } from './vendor-strategy.js';

/** Settings fields several vendors share: one definition each, validation and OpenAPI docs together. */

/** `claims`: vendor claim -> subject field (`email`, `name`, `phone`, `externalId`, `userId`, `attributes.<key>`). */
export function ClaimMappingField(description: string, example: Record<string, string>): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${description} Values: email, name, phone, externalId, userId or attributes.<key>; reserved claims are refused.`,
      type: 'object',
      additionalProperties: { type: 'string' },
      default: {},
      example,
    }),
    IsOptional(),
    IsObject(),
  );
}

/** `tokenTtlSeconds`: whole seconds within the vendor's bounds. */
export function TokenLifetimeField(description: string, bounds: { min: number; max: number; default: number }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, type: 'integer', minimum: bounds.min, maximum: bounds.max, default: bounds.default }),
    IsInt(),
    Min(bounds.min),
    Max(bounds.max),
  );
}

export const USER_IDENTIFIERS = ['userId', 'externalId'] as const;
/** Which of our ids names the user to the vendor. */
export type UserIdentifier = (typeof USER_IDENTIFIERS)[number];

/** `identifier`: `userId` (the stable UUID) or `externalId` (the host app's user key). */
export function IdentifierField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'How the user is named to the vendor: userId (the stable UUID) or externalId (the host app\'s user key, for vendor history already keyed by it).',
      enum: USER_IDENTIFIERS,
      default: 'userId',
    }),
    IsIn(USER_IDENTIFIERS, { message: 'identifier must be one of userId, externalId' }),
  );
}

/** The value that names the user to the vendor under an `identifier` setting. */
export function identifierValue(identifier: UserIdentifier, claims: Pick<IdentityClaims, 'userId' | 'externalId'>): string {
  return identifier === 'externalId' ? claims.externalId : claims.userId;
}
