import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import type { IdentityClaims } from './vendor-strategy.js';

/**
 * Settings fields several vendors share: one definition each, validation and OpenAPI docs together.
 * Defaults are stated in words, not as `default`: generators (openapi-typescript) make a field with a
 * `default` required, and a request may leave every one of these out.
 */

/** `claims`: vendor claim -> subject field (`email`, `name`, `phone`, `externalId`, `userId`, `attributes.<key>`). */
export function ClaimMappingField(description: string, example: Record<string, string>): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${description} Values: email, name, phone, externalId, userId or attributes.<key>; reserved claims are refused. Default: {} (none).`,
      type: 'object',
      additionalProperties: { type: 'string' },
      example,
    }),
    IsOptional(),
    IsObject(),
  );
}

/** `tokenTtlSeconds`: whole seconds within the vendor's bounds. */
export function TokenLifetimeField(description: string, bounds: { min: number; max: number; default: number }): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `${description} Default: ${bounds.default}.`, type: 'integer', minimum: bounds.min, maximum: bounds.max }),
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
        'How the user is named to the vendor: userId (the stable UUID) or externalId (the host app\'s user key, for vendor history already keyed by it). Default: userId.',
      enum: USER_IDENTIFIERS,
    }),
    IsIn(USER_IDENTIFIERS, { message: 'identifier must be one of userId, externalId' }),
  );
}

/** The value that names the user to the vendor under an `identifier` setting. */
export function identifierValue(identifier: UserIdentifier, claims: Pick<IdentityClaims, 'userId' | 'externalId'>): string {
  return identifier === 'externalId' ? claims.externalId : claims.userId;
}
