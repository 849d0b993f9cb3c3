import document from './api/admin-openapi.json' with { type: 'json' };

/** The part of a JSON schema the settings form reads. */
export interface FieldSchema {
  type?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  example?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  additionalProperties?: unknown;
}

export interface SettingsSchema {
  properties: Record<string, FieldSchema>;
  required?: string[];
}

const schemas = document.components.schemas as unknown as Record<string, SettingsSchema & { properties: Record<string, FieldSchema> }>;
const settingsRefs = (schemas.CreateIntegrationDto.properties.settings as { oneOf?: Array<{ $ref: string }> }).oneOf ?? [];

/** Each vendor's settings schema, as the OpenAPI document names it (`<Vendor>Settings`, e.g. HubSpotSettings for hubspot). */
const SETTINGS_BY_VENDOR = new Map(
  settingsRefs.map(({ $ref }) => {
    const name = $ref.split('/').pop() ?? '';
    return [name.replace(/Settings$/, '').toLowerCase(), schemas[name]];
  }),
);

export const VENDOR_IDS: string[] = schemas.CreateIntegrationDto.properties.vendor.enum ?? [];

export const settingsSchemaOf = (vendor: string): SettingsSchema | undefined => SETTINGS_BY_VENDOR.get(vendor);

/** What the create form says about the secret field, from the document. */
export const SECRET_HELP = schemas.CreateIntegrationDto.properties.secret.description ?? '';
export const KEY_ID_HELP = schemas.CreateIntegrationDto.properties.keyId.description ?? '';
