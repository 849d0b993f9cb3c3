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
const schemaAt = (ref: string): SettingsSchema | undefined => schemas[ref.split('/').pop() ?? ''];

/** A vendor's create body (`Create<Vendor>Integration`): its `vendor` is that one id, its `settings` that vendor's schema. */
interface CreateBody {
  properties: { vendor: { enum: string[] }; settings: { allOf?: Array<{ $ref: string }>; $ref?: string }; secret: FieldSchema; keyId: FieldSchema };
}
interface CreateOperation {
  requestBody: { content: { 'application/json': { schema: { oneOf: Array<{ $ref: string }> } } } };
}
const createOperation = (document.paths as unknown as Record<string, { post: CreateOperation }>)['/v1/admin/integrations'].post;
const CREATE_BODIES = createOperation.requestBody.content['application/json'].schema.oneOf.map(({ $ref }) => schemaAt($ref) as unknown as CreateBody);

/** Each vendor's settings schema, as its create body points at it. */
const SETTINGS_BY_VENDOR = new Map(
  CREATE_BODIES.map(({ properties }) => [properties.vendor.enum[0], schemaAt(properties.settings.allOf?.[0]?.$ref ?? properties.settings.$ref ?? '')]),
);

export const VENDOR_IDS: string[] = CREATE_BODIES.map(({ properties }) => properties.vendor.enum[0]);

export const settingsSchemaOf = (vendor: string): SettingsSchema | undefined => SETTINGS_BY_VENDOR.get(vendor);

/** What the create form says about the secret field, from the document. */
export const SECRET_HELP = CREATE_BODIES[0]?.properties.secret.description ?? '';
export const KEY_ID_HELP = CREATE_BODIES[0]?.properties.keyId.description ?? '';
