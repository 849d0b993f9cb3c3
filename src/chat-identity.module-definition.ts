import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ChatIdentityModuleExtras, ChatIdentityModuleOptions } from './chat-identity.options.js';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: CHAT_IDENTITY_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ChatIdentityModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<ChatIdentityModuleExtras>({ routePrefix: '', controllers: 'both' }, (definition) => definition)
  .build();
