import type { INestApplicationContext } from '@nestjs/common';
import type { OpenAPIObject, SchemaObject, SecuritySchemeObject } from '@nestjs/swagger';
import { VendorRegistry } from '../vendors/vendor-registry.js';
import type { VendorStrategy } from '../vendors/vendor-strategy.js';
import { CHAT_IDENTITY_SECURITY_SCHEMES, type ChatIdentitySecurityScheme, DEFAULT_SECURITY_SCHEMES } from './security-schemes.js';

export interface ChatIdentityOpenApiOptions {
  /**
   * How callers authenticate, where the host replaced a built-in (its own login as `endUser`, its own
   * admin guard as `admin`). @default the built-in bearer token, X-Service-Key and admin key
   */
  securitySchemes?: Partial<Record<ChatIdentitySecurityScheme, SecuritySchemeObject>>;
}

const WIDGET_IDENTITY = 'WidgetIdentity';

/**
 * Completes an OpenAPI document of an app that mounts chat-identity (the standalone is one) with what
 * the module's operations refer to: its three security schemes, and the token answer typed per vendor
 * (`oneOf` discriminated by `vendor`, one `handoff` schema per vendor the app knows). Call it on the
 * document SwaggerModule.createDocument made, before serving it.
 */
export function addChatIdentityOpenApi(app: INestApplicationContext, document: OpenAPIObject, options: ChatIdentityOpenApiOptions = {}): OpenAPIObject {
  const components = (document.components ??= {});
  const schemes = { ...DEFAULT_SECURITY_SCHEMES, ...options.securitySchemes };
  components.securitySchemes = {
    ...components.securitySchemes,
    ...Object.fromEntries(Object.entries(CHAT_IDENTITY_SECURITY_SCHEMES).map(([key, name]) => [name, schemes[key as ChatIdentitySecurityScheme]])),
  };
  const neutral = components.schemas?.[WIDGET_IDENTITY] as SchemaObject | undefined;
  if (neutral) {
    const strategies = app.get(VendorRegistry, { strict: false }).all();
    components.schemas = { ...components.schemas, ...widgetIdentityByVendor(neutral, strategies) };
  }
  return document;
}

/** `WidgetIdentity` becomes a oneOf of `<Vendor>WidgetIdentity`, each `vendor` a single value and `handoff` that vendor's schema. */
function widgetIdentityByVendor(neutral: SchemaObject, strategies: VendorStrategy[]): Record<string, SchemaObject> {
  const schemas: Record<string, SchemaObject> = {};
  const mapping: Record<string, string> = {};
  for (const strategy of [...strategies].sort((a, b) => a.vendor.localeCompare(b.vendor))) {
    const name = strategy.vendor.replace(/(^|[-_])([a-z0-9])/g, (_match, _separator, letter: string) => letter.toUpperCase());
    schemas[`${name}Handoff`] = handoffSchemaOf(strategy);
    schemas[`${name}${WIDGET_IDENTITY}`] = {
      ...neutral,
      description: `A ${strategy.vendor} integration's answer.`,
      properties: {
        ...neutral.properties,
        vendor: { type: 'string', enum: [strategy.vendor] },
        handoff: { $ref: `#/components/schemas/${name}Handoff` },
      },
    };
    mapping[strategy.vendor] = `#/components/schemas/${name}${WIDGET_IDENTITY}`;
  }
  schemas[WIDGET_IDENTITY] = {
    description: neutral.description,
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'vendor', mapping },
  };
  return schemas;
}

function handoffSchemaOf(strategy: VendorStrategy): SchemaObject {
  return (strategy as { handoffSchema?: SchemaObject }).handoffSchema ?? { type: 'object', additionalProperties: true };
}
