import { applyDecorators } from '@nestjs/common';
import { ApiSecurity, type SecuritySchemeObject } from '@nestjs/swagger';

/** The security schemes chat-identity's operations name; addChatIdentityOpenApi defines them in a document. */
export const CHAT_IDENTITY_SECURITY_SCHEMES = {
  endUser: 'chat-identity-end-user',
  serviceKey: 'chat-identity-service-key',
  admin: 'chat-identity-admin',
} as const;

export type ChatIdentitySecurityScheme = keyof typeof CHAT_IDENTITY_SECURITY_SCHEMES;

/** What the built-in guards check; a host that plugs in its own login or admin guard describes its own instead. */
export const DEFAULT_SECURITY_SCHEMES: Record<ChatIdentitySecurityScheme, SecuritySchemeObject> = {
  endUser: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "The signed-in end user's access token from the company's identity provider.",
  },
  serviceKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Service-Key',
    description: 'A trusted server (a backend-for-frontend) that already authenticated the user names them in the body (`subject`).',
  },
  admin: { type: 'http', scheme: 'bearer', description: 'One of the admin API keys (ADMIN_API_KEYS), or what the host\'s admin guard checks.' },
};

/** End users, or a trusted server on their behalf (either one). */
export const ApiEndUserSecurity = (): MethodDecorator & ClassDecorator =>
  applyDecorators(ApiSecurity(CHAT_IDENTITY_SECURITY_SCHEMES.endUser), ApiSecurity(CHAT_IDENTITY_SECURITY_SCHEMES.serviceKey));

export const ApiAdminSecurity = (): MethodDecorator & ClassDecorator => ApiSecurity(CHAT_IDENTITY_SECURITY_SCHEMES.admin);

/** @nestjs/swagger's key for security requirements: ApiSecurity only adds to the list, and an empty one is omitted from operations. */
const SECURITY_METADATA = 'swagger/apiSecurity';

/** Every operation of the controller is open to anyone (`security: []`), so no client attaches a credential to it. */
export const ApiPublic = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(SECURITY_METADATA, [], target);
};
