import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions, ApiSchema, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { VENDOR_DEFINITIONS } from '../vendors/vendor-catalog.js';
import { CredentialKind, type VendorDefinition } from '../vendors/vendor-definition.js';

@ApiSchema({ name: 'LogoutHint' })
export class LogoutHintView {
  @ApiProperty({ example: "Intercom('shutdown')", description: "The vendor's documented logout call: run it at logout and before a user switch." })
  call!: string;
}

const pascal = (id: string): string => id.replace(/(^|[-_])([a-z0-9])/g, (_match: string, _separator: string, letter: string) => letter.toUpperCase());

/**
 * One schema per vendor for the token answer (`<Vendor>WidgetIdentity`): `vendor` is that vendor's id
 * and `handoff` its definition's handoffSchema. Built as classes, so that any document the module's
 * controllers are in (a host's too) gets them as components.
 */
function widgetIdentityModel(definition: VendorDefinition): Type<unknown> {
  const neverExpires = definition.credential === CredentialKind.HmacSha256Hex;
  const model = { [`${pascal(definition.id)}WidgetIdentity`]: class {} }[`${pascal(definition.id)}WidgetIdentity`];
  const property = (name: string, options: ApiPropertyOptions): void => ApiProperty(options)(model.prototype, name);
  property('integration', { type: String, example: `${definition.id}-support`, description: "The integration's slug." });
  property('vendor', { type: String, enum: [definition.id] });
  property('userId', {
    type: String,
    format: 'uuid',
    example: 'db79e775-81fd-4f2e-8741-9266e920cc32',
    description: 'The stable, lower-case UUID: the same for this user from every integration.',
  });
  property(
    'expiresAt',
    neverExpires
      ? { type: String, nullable: true, enum: [null], description: `Always null: a ${definition.name} signature never expires.` }
      : { type: String, format: 'date-time', description: 'When the credential expires: ask again before then.' },
  );
  // Wrapped: the schema's own `required` list must not stand in for the property's.
  property('handoff', { type: 'object', allOf: [definition.handoffSchema], description: `Exactly what the ${definition.name} widget call takes.` } as ApiPropertyOptions);
  property('logout', { type: LogoutHintView, example: definition.logout });
  ApiSchema({ name: model.name, description: `A ${definition.name} integration's answer.` })(model);
  return model;
}

export const WIDGET_IDENTITY_MODELS: readonly Type<unknown>[] = [...VENDOR_DEFINITIONS].sort((a, b) => a.id.localeCompare(b.id)).map(widgetIdentityModel);

/** The token answer: one of the vendors' schemas, told apart by `vendor`. */
export const WIDGET_IDENTITY_SCHEMA: SchemaObject = {
  oneOf: WIDGET_IDENTITY_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'vendor',
    mapping: Object.fromEntries(
      [...VENDOR_DEFINITIONS].sort((a, b) => a.id.localeCompare(b.id)).map((definition, index) => [definition.id, getSchemaPath(WIDGET_IDENTITY_MODELS[index])]),
    ),
  },
};
