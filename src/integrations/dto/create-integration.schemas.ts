import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiProperty, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { ApiClosedSchema } from '../../openapi/closed-schema.decorator.js';
import { VENDOR_DEFINITIONS } from '../../vendors/vendor-catalog.js';
import type { VendorDefinition } from '../../vendors/vendor-definition.js';
import { CreateIntegrationDto } from './integration.dto.js';

const BY_ID = [...VENDOR_DEFINITIONS].sort((a, b) => a.id.localeCompare(b.id));

/**
 * One create body per vendor (`Create<Vendor>Integration`): `vendor` is that vendor's id and `settings` its
 * settings schema, so a client or a JSON Schema validator checks the settings the vendor takes. Both are
 * closed, as the service refuses unknown keys in the body and in the settings (parseVendorSettings).
 */
function createIntegrationModel(definition: VendorDefinition): Type<CreateIntegrationDto> {
  const name = `Create${definition.settings.name.replace(/Settings$/, '')}Integration`;
  const model = { [name]: class extends CreateIntegrationDto {} }[name];
  ApiProperty({ enum: [definition.id], example: definition.id })(model.prototype, 'vendor');
  ApiProperty({
    type: definition.settings,
    example: definition.exampleSettings,
    description: `The ${definition.name} settings (${definition.settings.name}); unknown keys are refused.`,
  })(model.prototype, 'settings');
  ApiClosedSchema({ name: definition.settings.name })(definition.settings);
  ApiClosedSchema({ name, description: `Creates a ${definition.name} integration.` })(model);
  return model;
}

const CREATE_INTEGRATION_MODELS = BY_ID.map(createIntegrationModel);

/** The create body: one of the vendors' bodies, told apart by `vendor`. */
const CREATE_INTEGRATION_SCHEMA: SchemaObject = {
  oneOf: CREATE_INTEGRATION_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
  discriminator: {
    propertyName: 'vendor',
    mapping: Object.fromEntries(BY_ID.map((definition, index) => [definition.id, getSchemaPath(CREATE_INTEGRATION_MODELS[index])])),
  },
};

export const ApiCreateIntegrationBody = (): MethodDecorator =>
  applyDecorators(ApiExtraModels(...CREATE_INTEGRATION_MODELS), ApiBody({ schema: CREATE_INTEGRATION_SCHEMA }));
