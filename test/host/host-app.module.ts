import { Module, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ChatIdentityModule,
  type ChatIdentityModuleOptions,
  chatIdentityEntities,
  runMigrationsExclusively,
  type SubjectRequest,
} from 'chat-identity';
import { DataSource } from 'typeorm';
import { HostRoleGuard, HostSessionGuard, type HostUser } from './host-auth.js';

/** The host's own configuration (here the environment; @nestjs/config's ConfigService works the same way). */
function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/**
 * A Nest monolith with its own configuration, its own Postgres DataSource, its own login (HostSessionGuard)
 * and admin role (HostRoleGuard), mounting chat-identity under /chat. The same module runs on
 * Express and on Fastify: only the adapter given to NestFactory.create differs.
 */
@Module({
  imports: [
    // The host's one DataSource: chat-identity's entities join the host's own (its tables are in schema chat_identity).
    TypeOrmModule.forRootAsync({
      useFactory: () => ({
        type: 'postgres',
        url: setting('DATABASE_URL'),
        entities: [...chatIdentityEntities], // beside your own entities
        migrations: [], // your own migrations; chat-identity's are not listed here
      }),
      // chat-identity's pending migrations (recorded in chat_identity.migrations), then yours; replicas
      // starting together apply them one at a time (Postgres advisory lock).
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrationsExclusively(dataSource);
        return dataSource;
      },
    }),
    ChatIdentityModule.forRootAsync({
      useFactory: (): ChatIdentityModuleOptions => ({
        // 32 random bytes, base64: they encrypt the vendor secrets stored in your database.
        masterKeys: [{ id: 'k1', key: Buffer.from(setting('CHAT_IDENTITY_MASTER_KEY'), 'base64') }],
        // Your login already ran (global guard): the chat user is your req.user.
        subjectResolver: {
          resolve: ({ user }: SubjectRequest<HostUser>) =>
            user ? { externalId: user.id, email: user.email, name: user.name } : null,
        },
        // Your role guard protects the admin API; audit events name req.user.id.
        adminGuard: new HostRoleGuard('admin'),
      }),
      routePrefix: 'chat',
      controllers: 'both',
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: HostSessionGuard },
    // Your global pipe validates your DTOs; chat-identity's routes validate their own, field by field.
    { provide: APP_PIPE, useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }) },
  ],
})
export class HostAppModule {}
