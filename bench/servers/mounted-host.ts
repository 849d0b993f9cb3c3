// (x) / (y) The module mounted in a host app the way the README mounts it (TypeORM's forRootAsync with
// chat-identity's entities and migrations, ChatIdentityModule.forRootAsync under /chat), on Express
// (BENCH_HOST=express) or Fastify (BENCH_HOST=fastify). It checks the bench's bearer tokens itself
// (`bearerAuth`) so every row gets the same requests. Beside it, in the same host, an empty handler at
// /empty/:integration returns the prepared answer: the host's own ceiling, measured in the same process.
import 'reflect-metadata';
import { Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChatIdentityModule, type ChatIdentityModuleOptions, chatIdentityEntities, runMigrationsExclusively } from '../../src/index.js';
import { announceListening, environmentJson } from '../lib/child.js';

interface MountedConfig {
  databaseUrl: string;
  masterKeys: string;
  userTokenSecret: string;
}

const config = environmentJson<MountedConfig>('BENCH_MOUNTED');
const bodies = environmentJson<Record<string, unknown>>('BENCH_BODIES');
const fallback = Object.values(bodies)[0];
const [keyId, key] = config.masterKeys.split(':');

@Controller('empty')
class EmptyController {
  @Post(':integration')
  @HttpCode(200)
  issue(@Param('integration') integration: string): unknown {
    return bodies[integration] ?? fallback;
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      useFactory: () => ({ type: 'postgres', url: config.databaseUrl, entities: [...chatIdentityEntities], migrations: [] }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await runMigrationsExclusively(dataSource);
        return dataSource;
      },
    }),
    ChatIdentityModule.forRootAsync({
      useFactory: (): ChatIdentityModuleOptions => ({
        masterKeys: [{ id: keyId, key: Buffer.from(key, 'base64') }],
        bearerAuth: { jwtSecret: config.userTokenSecret, attributeClaims: ['plan'] },
        // A load test from one address for one set of users would hit both budgets at once.
        rateLimit: { perSubjectPerMinute: 100_000_000, perIpPerMinute: 100_000_000 },
      }),
      routePrefix: 'chat',
      controllers: 'identity',
    }),
  ],
  controllers: [EmptyController],
})
class HostModule {}

const adapter = process.env.BENCH_HOST === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
const app = await NestFactory.create(HostModule, adapter, { logger: ['error'] });
await app.listen(0, '127.0.0.1');
announceListening(app.getHttpServer(), () => app.close());
