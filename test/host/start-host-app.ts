import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type HostAdapter = 'express' | 'fastify';

export interface RunningHost {
  app: INestApplication;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
}

/** Boots a host module on the chosen HTTP adapter, listening on a free port of 127.0.0.1. */
export async function startHostApp(module: Type, adapter: HostAdapter): Promise<RunningHost> {
  const httpAdapter = adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(module, httpAdapter, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}
