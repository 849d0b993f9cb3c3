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

/** A vendor's create body: its `vendor` enum is the one vendor id, its `settings` refers to the vendor's settings schema. */
interface CreateBody {
  properties: { vendor: { enum: string[] }; settings: { allOf?: Array<{ $ref: string }> }; secret?: FieldSchema; keyId?: FieldSchema };
}

const schemaNamed = ($ref: string): string => $ref.split('/').pop() ?? '';
const createRefs = (document.paths['/v1/admin/integrations'].post.requestBody.content['application/json'].schema as { oneOf?: Array<{ $ref: string }> }).oneOf ?? [];
const createBodies = createRefs.map(({ $ref }) => schemas[schemaNamed($ref)] as unknown as CreateBody);

/** Each vendor's settings schema, as its create body refers to it (e.g. HubSpotSettings for hubspot). */
const SETTINGS_BY_VENDOR = new Map(
  createBodies.map((body) => [body.properties.vendor.enum[0], schemas[schemaNamed(body.properties.settings.allOf?.[0]?.$ref ?? '')]]),
);

export const VENDOR_IDS: string[] = createBodies.map((body) => body.properties.vendor.enum[0]);

export const settingsSchemaOf = (vendor: string): SettingsSchema | undefined => SETTINGS_BY_VENDOR.get(vendor);

/** What the create form says about the secret field, from the document (the same for every vendor). */
export const SECRET_HELP = createBodies.find((body) => body.properties.secret)?.properties.secret?.description ?? '';
export const KEY_ID_HELP = createBodies.find((body) => body.properties.keyId)?.properties.keyId?.description ?? '';
