import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { BrowserSdkModule } from './browser-sdk/browser-sdk.module.js';
import { ChatIdentityModule } from './chat-identity.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import type { Environment } from './config/environment.js';
import { standaloneModuleOptions } from './config/standalone-options.js';
import { StandaloneRedis, StandaloneRedisModule } from './config/standalone-redis.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsEndpointModule } from './metrics-endpoint/metrics-endpoint.module.js';

export interface StandaloneParts {
  /** Where the built browser library is. @default the build's dist/src/browser */
  browserSdkDirectory?: string;
}

/** The demo is for development: on by default only in the zero-setup mode (embedded database, generated keys). */
export const demoPageEnabled = (environment: Environment): boolean => (environment.DEMO_PAGE ?? (environment.DATABASE_URL ? 'off' : 'on')) === 'on';

/** The standalone service: one host of ChatIdentityModule, configured from the environment. */
@Module({})
export class AppModule {
  /** Takes the validated environment; nothing here reads process.env (tests run several apps side by side). */
  static forEnvironment(environment: Environment, { browserSdkDirectory }: StandaloneParts = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          cache: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ ...environment })],
        }),
        DatabaseModule,
        HealthModule,
        BrowserSdkModule.fromDirectory(browserSdkDirectory),
        ...(demoPageEnabled(environment) ? [DemoModule] : []),
        MetricsEndpointModule.withToken(environment.METRICS_TOKEN),
        // Its Fastify hook already puts the request id on every response.
        ChatIdentityModule.forRootAsync({
          imports: [StandaloneRedisModule.forUrl(environment.REDIS_URL)],
          inject: [StandaloneRedis],
          useFactory: (redis: StandaloneRedis) => standaloneModuleOptions(environment, redis),
          schema: environment.DATABASE_SCHEMA,
          requestIdHeader: false,
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
