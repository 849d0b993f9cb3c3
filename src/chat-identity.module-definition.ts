import { ConfigurableModuleBuilder } from '@nestjs/common';
import { DEFAULT_CHAT_IDENTITY_SCHEMA } from './database/schema-name.js';
import type { ChatIdentityModuleExtras, ChatIdentityModuleOptions } from './chat-identity.options.js';

/** The method a `useClass` / `useExisting` options factory implements (see ChatIdentityOptionsFactory). */
export const CHAT_IDENTITY_OPTIONS_FACTORY_METHOD = 'createChatIdentityOptions';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CHAT_IDENTITY_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatIdentityModuleOptions>()
  .setClassMethodName('forRoot')
  // Named like createTypeOrmOptions / createJwtOptions rather than the builder's bare `create`.
  .setFactoryMethodName(CHAT_IDENTITY_OPTIONS_FACTORY_METHOD)
  // Extras shape the module (routes, schema, visibility), so ChatIdentityModule applies them; the builder only carries them.
  .setExtras<ChatIdentityModuleExtras>({ isGlobal: false, routePrefix: '', controllers: 'both', requestIdHeader: true, schema: DEFAULT_CHAT_IDENTITY_SCHEMA }, (definition) => definition)
  .build();

/** What `ChatIdentityModule.forRoot()` takes: the options plus the route extras. */
export type ChatIdentityForRootOptions = typeof OPTIONS_TYPE;
/** What `ChatIdentityModule.forRootAsync()` takes: `imports`, `inject`, `useFactory` | `useClass` | `useExisting`, plus the route extras. */
export type ChatIdentityForRootAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
