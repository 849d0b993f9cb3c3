import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ChatIdentityModule,
  type ChatIdentityModuleOptions,
  type ChatIdentityOptionsFactory,
  chatIdentityEntities,
  type SubjectRequest,
} from 'chat-identity';
import { HostSessionGuard, type HostUser } from './host-auth.js';

/** Options from a class (`useClass`): Nest builds it inside the module, injecting the host's ConfigService. */
@Injectable()
export class HostChatIdentityConfig implements ChatIdentityOptionsFactory {
  constructor(private readonly config: ConfigService) {}

  createChatIdentityOptions(): ChatIdentityModuleOptions {
    return {
      masterKeys: [{ id: 'k1', key: Buffer.from(this.config.getOrThrow<string>('CHAT_IDENTITY_MASTER_KEY'), 'base64') }],
      subjectResolver: {
        resolve: ({ user }: SubjectRequest<HostUser>) => (user ? { externalId: user.id, email: user.email } : null),
      },
    };
  }
}

/** A host that serves only the end-user API; its admins manage integrations elsewhere. */
@Module({
  imports: [
    ConfigModule.forRoot(),
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        type: 'postgres',
        url: config.getOrThrow<string>('DATABASE_URL'),
        entities: [...chatIdentityEntities],
      }),
    }),
    ChatIdentityModule.forRootAsync({
      imports: [ConfigModule],
      useClass: HostChatIdentityConfig,
      routePrefix: 'chat',
      controllers: 'identity',
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: HostSessionGuard }],
})
export class IdentityOnlyHostModule {}
