// (b) The framework ceiling: NestJS on Fastify, one POST route that returns a prepared body of the same
// size as chat-identity's answer for that integration. No guards, pipes, logging or work.
import 'reflect-metadata';
import { Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { announceListening, environmentJson } from '../lib/child.js';

const bodies = environmentJson<Record<string, unknown>>('BENCH_BODIES');
const fallback = Object.values(bodies)[0];

@Controller('v1/identity')
class EmptyController {
  @Post(':integration')
  @HttpCode(200)
  issue(@Param('integration') integration: string): unknown {
    return bodies[integration] ?? fallback;
  }
}

@Module({ controllers: [EmptyController] })
class EmptyModule {}

const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), { logger: false });
await app.listen(0, '127.0.0.1');
announceListening(app.getHttpServer(), () => app.close());
