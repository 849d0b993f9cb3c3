import type { OpenAPIObject, SecuritySchemeObject } from '@nestjs/swagger';
import { CHAT_IDENTITY_SECURITY_SCHEMES, type ChatIdentitySecurityScheme, DEFAULT_SECURITY_SCHEMES } from './security-schemes.js';

export interface ChatIdentityOpenApiOptions {
  /**
   * How callers authenticate, where the host replaced a built-in (its own login as `endUser`, its own
   * admin guard as `admin`). @default the built-in bearer token, X-Service-Key and admin key
   */
  securitySchemes?: Partial<Record<ChatIdentitySecurityScheme, SecuritySchemeObject>>;
}

/**
 * Defines, in an OpenAPI document of an app that mounts chat-identity (the standalone is one), the
 * three security schemes the module's operations name. Everything else the module's operations refer
 * to (problem details, the per-vendor answers) comes with its controllers. Call it on the document
 * SwaggerModule.createDocument made, before serving it.
 */
export function addChatIdentityOpenApi(document: OpenAPIObject, options: ChatIdentityOpenApiOptions = {}): OpenAPIObject {
  const components = (document.components ??= {});
  const schemes = { ...DEFAULT_SECURITY_SCHEMES, ...options.securitySchemes };
  components.securitySchemes = {
    ...components.securitySchemes,
    ...Object.fromEntries(Object.entries(CHAT_IDENTITY_SECURITY_SCHEMES).map(([key, name]) => [name, schemes[key as ChatIdentitySecurityScheme]])),
  };
  describeRequiredRoles(document);
  return document;
}

/** Says in each admin operation's description the role its `x-required-role` (set by @RequiresRole) names. */
function describeRequiredRoles(document: OpenAPIObject): void {
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { description?: string; 'x-required-role'?: string; 'x-role-raised-by'?: { query: string; role: string } }>)) {
      const role = operation?.['x-required-role'];
      if (typeof role !== 'string' || operation.description?.includes('Needs the ')) continue;
      const raised = operation['x-role-raised-by'];
      const sentence = `Needs the ${role} role${raised ? ` (the ${raised.role} role with ${raised.query}=true)` : ''}.`;
      operation.description = operation.description ? `${operation.description} ${sentence}` : sentence;
    }
  }
}
