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

/** A vendor's own create body (`Create<Vendor>Integration`), as far as the console reads it. */
interface CreateBody {
  properties: { settings: { allOf: Array<{ $ref: string }> }; secret: FieldSchema; keyId: FieldSchema };
}

const schemas = document.components.schemas as unknown as Record<string, unknown>;
const named = <T,>(ref: string): T => schemas[ref.split('/').pop() ?? ''] as T;
const createSchema = document.paths['/v1/admin/integrations'].post.requestBody.content['application/json'].schema as unknown as {
  discriminator: { mapping: Record<string, string> };
};
/** Each vendor id and its create body, from the create operation's discriminator. */
const CREATE_BODIES = Object.entries(createSchema.discriminator.mapping).map(([vendor, ref]) => [vendor, named<CreateBody>(ref)] as const);

/** Each vendor's settings schema, as its create body names it (`<Vendor>Settings`, e.g. HubSpotSettings for hubspot). */
const SETTINGS_BY_VENDOR = new Map(CREATE_BODIES.map(([vendor, body]) => [vendor, named<SettingsSchema>(body.properties.settings.allOf[0].$ref)]));

export const VENDOR_IDS: string[] = CREATE_BODIES.map(([vendor]) => vendor);

export const settingsSchemaOf = (vendor: string): SettingsSchema | undefined => SETTINGS_BY_VENDOR.get(vendor);

/** What the create form says about the secret field, from the document (every vendor's body shares it). */
const [, ANY_BODY] = CREATE_BODIES[0];
export const SECRET_HELP = ANY_BODY.properties.secret.description ?? '';
export const KEY_ID_HELP = ANY_BODY.properties.keyId.description ?? '';
